namespace Baton.Core.Engine;

/// <summary>The status of one step within an instance.</summary>
public enum StepStatus
{
    /// <summary>Waiting for its dependencies.</summary>
    Pending,
    /// <summary>An attempt has been dispatched and has not reported back.</summary>
    Running,
    /// <summary>Failed an attempt; a durable timer will start the next one.</summary>
    WaitingRetry,
    /// <summary>A wait step whose timer has not fired.</summary>
    Waiting,
    /// <summary>Finished successfully.</summary>
    Succeeded,
    /// <summary>Finished with an error after its retries.</summary>
    Failed,
    /// <summary>Not run because its condition was false.</summary>
    Skipped,
    /// <summary>Not finished because the workflow ended first.</summary>
    Cancelled,
}

/// <summary>Helpers over <see cref="StepStatus"/>.</summary>
public static class StepStatusExtensions
{
    /// <summary>True for statuses a step never leaves.</summary>
    public static bool IsTerminal(this StepStatus status) =>
        status is StepStatus.Succeeded or StepStatus.Failed or StepStatus.Skipped or StepStatus.Cancelled;

    /// <summary>The lower-case name expressions see in <c>steps.&lt;id&gt;.status</c>.</summary>
    public static string ToWireName(this StepStatus status) => status switch
    {
        StepStatus.WaitingRetry => "waiting_retry",
        _ => status.ToString().ToLowerInvariant(),
    };
}
