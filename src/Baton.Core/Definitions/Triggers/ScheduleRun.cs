namespace Baton.Core.Definitions.Triggers;

/// <summary>One run a schedule started: its due time (from its instance id), when it started, and when it ended (null: still going).</summary>
public sealed record ScheduleRun(DateTimeOffset Due, DateTimeOffset Started, DateTimeOffset? Ended)
{
    /// <summary>Whether the run was going at <paramref name="at"/>.</summary>
    public bool WasRunningAt(DateTimeOffset at) => Started <= at && (Ended is null || Ended > at);
}
