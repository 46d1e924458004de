using Baton.Abstractions;
using Baton.Core.Engine;

namespace Baton.ControlPlane.Watch;

/// <summary>Finds instances that may never finish without help: running or pending with no progress for the idle time and
/// nothing due later (a timer, a retry's backoff), and those with a step waiting for an event that has no timeout.</summary>
/// <remarks>Suspended instances are left out (someone chose to stop them). An instance started less than the idle time ago
/// can be flagged only for an unbounded wait. Progress is the instance's last change (<see cref="InstanceState.UpdatedAt"/>).</remarks>
public static class Watchdog
{
    /// <summary>The app setting for how long without progress flags an instance (a duration from 1m to 3650d; default 1h).</summary>
    public const string IdleSetting = "BATON_WATCHDOG_IDLE";

    /// <summary>The idle time when the setting is not given.</summary>
    public static readonly TimeSpan DefaultIdle = TimeSpan.FromHours(1);

    /// <summary>The most instances one look examines.</summary>
    public const int MaxExamined = 1000;

    /// <summary>Reads an idle time (the setting's or a query's).</summary>
    /// <exception cref="FormatException">Not a duration from 1m to 3650d; the message names <paramref name="what"/>.</exception>
    public static TimeSpan Idle(string? text, string what) =>
        Runtime.Hosting.DurationSetting.Read(what, text, DefaultIdle, TimeSpan.FromMinutes(1), TimeSpan.FromDays(3650));

    /// <summary>Why one instance is stuck, or null when it is not.</summary>
    public static StuckInstance? Check(InstanceState state, DateTimeOffset now, TimeSpan idle)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.Status is not (InstanceStatus.Running or InstanceStatus.Pending))
        {
            return null;
        }
        if (state.Steps.Values.FirstOrDefault(s => s.Status == StepStatus.Waiting && s.DueAt is null) is { } waiting)
        {
            return new(state.InstanceId, state.WorkflowName, state.Status.ToString(), "unbounded_wait",
                $"Step '{waiting.Id}' waits for an event with no timeout: raise it, or give the step a timeout.", waiting.Id, state.UpdatedAt);
        }
        var dueLater = state.Steps.Values.Any(s => s.DueAt is { } due && due > now && s.Status is StepStatus.Waiting or StepStatus.WaitingRetry);
        if (dueLater || now - state.UpdatedAt < idle)
        {
            return null;
        }
        var running = state.Steps.Values.Where(s => s.Status == StepStatus.Running).OrderBy(s => s.StartedAt).FirstOrDefault();
        return new(state.InstanceId, state.WorkflowName, state.Status.ToString(), "idle",
            running is null
                ? $"No progress since {state.UpdatedAt:O} and nothing is due: the instance waits for nothing it can get."
                : $"No progress since {state.UpdatedAt:O}: step '{running.Id}' has been running since {running.StartedAt:O}.",
            running?.Id, state.UpdatedAt);
    }

    /// <summary>The stuck instances among the running and pending ones a query matches (at most <see cref="MaxExamined"/> examined, oldest first).</summary>
    public static async Task<(IReadOnlyList<StuckInstance> Stuck, int Examined)> ScanAsync(Operations operations, InstanceQuery query, DateTimeOffset now, TimeSpan idle,
        CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(operations);
        ArgumentNullException.ThrowIfNull(query);
        var page = await operations.Backend.ListInstancesAsync(query with
        {
            Statuses = [InstanceStatus.Running, InstanceStatus.Pending],
            MaxCount = Math.Min(query.MaxCount, MaxExamined),
        }, ct).ConfigureAwait(false);
        var stuck = new List<StuckInstance>();
        foreach (var summary in page.OrderBy(p => p.UpdatedAt))
        {
            if (await operations.Backend.GetStateAsync(summary.InstanceId, ct).ConfigureAwait(false) is { } state && Check(state, now, idle) is { } found)
            {
                stuck.Add(found);
            }
        }
        return (stuck, page.Count);
    }
}
