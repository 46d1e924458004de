namespace Baton.Core.Engine;

/// <summary>What a timer the engine schedules is for.</summary>
public enum TimerKind
{
    /// <summary>The whole workflow's timeout.</summary>
    WorkflowTimeout = 1,

    /// <summary>The backoff before an attempt of a step starts.</summary>
    Retry,

    /// <summary>The end of an attempt that runs too long.</summary>
    Timeout,

    /// <summary>A <c>wait</c> step's delay.</summary>
    Wait,

    /// <summary>The end of an <c>event</c> step's wait.</summary>
    EventTimeout,
}
