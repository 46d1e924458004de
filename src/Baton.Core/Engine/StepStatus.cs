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
