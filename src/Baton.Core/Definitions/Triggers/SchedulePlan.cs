namespace Baton.Core.Definitions.Triggers;

/// <summary>Decides which due times of a schedule to start now, from the schedule, what it already started, and the time.</summary>
/// <remarks>Pure: the same runs and time give the same answer on every host, and each answer is safe to act on twice,
/// because a due time's instance id is fixed. The rules, in order:
/// <list type="number">
/// <item>The due times considered are those after the latest one a run was started for (or after <c>since</c>, when the
/// version's triggers went live, if there is none) up to now.</item>
/// <item>One that came due at most <c>grace</c> ago is on time; an older one was missed (no host was looking). Catch-up
/// <c>none</c> drops missed ones, <c>last</c> keeps the latest, <c>all</c> keeps the latest <c>max_catch_up</c>.</item>
/// <item>Overlap <c>allow</c> starts every kept due time; <c>skip</c> drops those at which a run of the schedule was going;
/// <c>queue_one</c> starts nothing while a run is going and then only the latest kept due time.</item>
/// </list></remarks>
public static class SchedulePlan
{
    /// <summary>The due times to start now, earliest first.</summary>
    /// <param name="trigger">The schedule.</param>
    /// <param name="cron">Its expression in its zone.</param>
    /// <param name="runs">The runs it started, any order (the latest few are enough).</param>
    /// <param name="since">When the schedule went live (the version's registration); nothing before it fires.</param>
    /// <param name="now">The time of the decision.</param>
    /// <param name="grace">How late a due time may be looked at and still be on time (the hosts' polling interval, twice).</param>
    public static IReadOnlyList<DateTimeOffset> Due(ScheduleTrigger trigger, CronSchedule cron, IReadOnlyCollection<ScheduleRun> runs,
        DateTimeOffset since, DateTimeOffset now, TimeSpan grace)
    {
        ArgumentNullException.ThrowIfNull(trigger);
        ArgumentNullException.ThrowIfNull(cron);
        ArgumentNullException.ThrowIfNull(runs);
        var cursor = runs.Count == 0 ? since : runs.Max(r => r.Due);
        cursor = cursor > since ? cursor : since;
        var onTimeFrom = now - grace > cursor ? now - grace : cursor;
        var keep = trigger.CatchUp switch
        {
            CatchUpPolicy.None => 0,
            CatchUpPolicy.Last => 1,
            _ => trigger.MaxCatchUp,
        };
        var missed = keep == 0 || onTimeFrom <= cursor ? [] : Latest(cron, cursor, onTimeFrom, keep);
        var kept = missed.Concat(cron.Between(onTimeFrom, now)).ToList();
        return trigger.Overlap switch
        {
            OverlapPolicy.Allow => kept,
            OverlapPolicy.Skip => [.. kept.Where(d => !runs.Any(r => r.WasRunningAt(d)))],
            _ => runs.Any(r => r.Ended is null) || kept.Count == 0 ? [] : [kept[^1]],
        };
    }

    /// <summary>The latest <paramref name="count"/> due times in (<paramref name="after"/>, <paramref name="upTo"/>], earliest first,
    /// found by widening a window back from <paramref name="upTo"/>, so a schedule that fires every second and was missed for
    /// a month costs about as much as one missed once.</summary>
    public static IReadOnlyList<DateTimeOffset> Latest(CronSchedule cron, DateTimeOffset after, DateTimeOffset upTo, int count)
    {
        ArgumentNullException.ThrowIfNull(cron);
        for (var span = TimeSpan.FromSeconds(1); ; span *= 2)
        {
            var from = upTo - span;
            var reachedStart = from <= after;
            var found = cron.Between(reachedStart ? after : from, upTo).ToList();
            if (found.Count >= count || reachedStart)
            {
                return found.Count > count ? found[^count..] : found;
            }
        }
    }
}
