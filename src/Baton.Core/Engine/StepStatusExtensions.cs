namespace Baton.Core.Engine;

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
