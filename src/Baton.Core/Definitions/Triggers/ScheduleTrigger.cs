using System.Text.Json.Nodes;

namespace Baton.Core.Definitions.Triggers;

/// <summary>Starts the workflow at the times a cron expression gives, in a time zone (<c>schedule:</c>).</summary>
/// <remarks><see cref="Cron"/> has five fields (minute hour day month weekday) or six with seconds first. Each firing's
/// instance id is made from the workflow, the trigger and the firing's due time, so a firing starts at most once however
/// many hosts look at the schedule and however often. The trigger input's <c>trigger</c> is
/// <c>{ id, kind: schedule, scheduled_at, fired_at }</c>.</remarks>
public sealed record ScheduleTrigger(string Id, JsonNode? Input, string SourcePath, string Cron, string TimeZone, OverlapPolicy Overlap,
    CatchUpPolicy CatchUp, int MaxCatchUp) : TriggerDefinition(Id, Input, SourcePath)
{
    /// <summary>The most missed firings <c>catch_up: all</c> may start (<c>max_catch_up</c>, default 10).</summary>
    public const int CatchUpLimit = 1000;

    /// <inheritdoc />
    public override string Kind => "schedule";
}
