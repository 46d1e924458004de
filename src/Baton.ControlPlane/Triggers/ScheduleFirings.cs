using System.Globalization;
using System.Text.Json.Nodes;
using Baton.Abstractions;
using Baton.Core.Definitions.Triggers;
using Baton.Core.Engine;

namespace Baton.ControlPlane.Triggers;

/// <summary>Starts what a schedule trigger has due (see <see cref="SchedulePlan"/>), from the runs it started before.</summary>
/// <remarks>The runs are the newest instances whose ids carry the trigger's prefix: they are the schedule's only memory,
/// so every host reaches the same decision, and a firing's fixed id makes starting it twice impossible.</remarks>
public static class ScheduleFirings
{
    private const int RunsLooked = 50;

    /// <summary>Starts the due firings of one schedule; returns how many instances it started.</summary>
    public static async Task<int> RunAsync(Operations operations, LiveTrigger live, DateTimeOffset now, TimeSpan grace, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(operations);
        ArgumentNullException.ThrowIfNull(live);
        var trigger = (ScheduleTrigger)live.Trigger;
        var cron = new CronSchedule(trigger.Cron, trigger.TimeZone);
        var prefix = live.Prefix;
        var listed = await operations.Backend.ListInstancesAsync(new InstanceQuery(InstanceIdPrefix: prefix, MaxCount: RunsLooked), ct).ConfigureAwait(false);
        var runs = listed.Select(r => TriggerIds.Due(r.InstanceId, prefix) is { } due
                ? new ScheduleRun(due, r.CreatedAt, r.Status is InstanceStatus.Completed or InstanceStatus.Failed or InstanceStatus.Terminated ? r.CompletedAt ?? r.UpdatedAt : null)
                : null)
            .OfType<ScheduleRun>().ToList();
        var started = 0;
        foreach (var due in SchedulePlan.Due(trigger, cron, runs, live.RegisteredAt, now, grace))
        {
            var fired = new JsonObject
            {
                ["scheduled_at"] = due.ToString("O", CultureInfo.InvariantCulture),
                ["fired_at"] = now.ToString("O", CultureInfo.InvariantCulture),
            };
            if (await TriggerStarts.StartAsync(operations, live, TriggerIds.DueKey(due), fired, now, ct).ConfigureAwait(false))
            {
                started++;
            }
        }
        return started;
    }
}
