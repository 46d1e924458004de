namespace Baton.Core.Definitions;

/// <summary>What an event step does when its <c>timeout</c> passes before a matching event arrives.</summary>
public enum OnTimeout
{
    /// <summary>The step fails (<c>TimedOut</c>) and so does the workflow.</summary>
    Fail,
    /// <summary>The step fails (<c>TimedOut</c>) and the workflow goes on; dependents run.</summary>
    Continue,
    /// <summary>The step fails (<c>TimedOut</c>) and the workflow fails after running its compensation.</summary>
    Compensate,
    /// <summary>The step fails (<c>TimedOut</c>) and the workflow goes on at another step (<c>on_timeout: { goto: step }</c>).</summary>
    Goto,
}
