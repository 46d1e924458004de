using Baton.Core.Definitions.Triggers;

namespace Baton.Core.Tests.Definitions.Triggers;

/// <summary>Which due times a schedule starts: catch-up after downtime, overlap with a run still going, and the cost of a long miss.</summary>
public sealed class SchedulePlanTests
{
    private static readonly DateTimeOffset Since = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(10);

    private static ScheduleTrigger Hourly(OverlapPolicy overlap = OverlapPolicy.Skip, CatchUpPolicy catchUp = CatchUpPolicy.Last, int max = 10) =>
        new("h", null, "spec.triggers[0]", "0 * * * *", "UTC", overlap, catchUp, max);

    private static IReadOnlyList<DateTimeOffset> Due(ScheduleTrigger t, DateTimeOffset now, params ScheduleRun[] runs) =>
        SchedulePlan.Due(t, new CronSchedule(t.Cron, t.TimeZone), runs, Since, now, Grace);

    private static DateTimeOffset At(int hour, int minute = 0, int second = 0) => Since.AddHours(hour).AddMinutes(minute).AddSeconds(second);

    [Fact]
    public void Due_OnTime_StartsThatFiring()
    {
        Assert.Equal([At(1)], Due(Hourly(), At(1, 0, 3)));
    }

    [Fact]
    public void Due_FiringAlreadyStarted_StartsNothing()
    {
        Assert.Empty(Due(Hourly(), At(1, 0, 5), new ScheduleRun(At(1), At(1, 0, 3), At(1, 0, 4))));
    }

    [Theory]
    [InlineData(CatchUpPolicy.None, 0)]
    [InlineData(CatchUpPolicy.Last, 1)]
    [InlineData(CatchUpPolicy.All, 4)]
    public void Due_AfterFiveHoursDown_CatchesUpByPolicy(CatchUpPolicy catchUp, int missed)
    {
        // Last run at 01:00; the host was down until 06:00:05 (02:00 to 05:00 missed; 06:00 on time).
        var due = Due(Hourly(catchUp: catchUp), At(6, 0, 5), new ScheduleRun(At(1), At(1), At(1, 0, 1)));

        Assert.Equal(missed + 1, due.Count);
        Assert.Equal(At(6), due[^1]);
        Assert.Equal(Enumerable.Range(6 - missed, missed).Select(h => At(h)), due.Take(missed));
    }

    [Fact]
    public void Due_CatchUpAllBeyondTheLimit_StartsTheLatestOnes()
    {
        var due = Due(Hourly(catchUp: CatchUpPolicy.All, max: 2), At(9, 30), new ScheduleRun(At(1), At(1), At(1, 0, 1)));
        Assert.Equal([At(8), At(9)], due);
    }

    [Fact]
    public void Due_SkipWhileARunIsGoing_DropsTheFiringForGood()
    {
        var running = new ScheduleRun(At(1), At(1), null);
        var longRun = new ScheduleRun(At(1), At(1), At(2, 10));

        Assert.Empty(Due(Hourly(), At(2, 0, 5), running));
        // Once it ended at 02:10, 02:00 stays dropped (it came due while the run was going); 03:00 starts.
        Assert.Empty(Due(Hourly(), At(2, 30), longRun));
        Assert.Equal([At(3)], Due(Hourly(), At(3, 0, 5), longRun));
    }

    [Fact]
    public void Due_QueueOne_WaitsThenStartsTheLatest()
    {
        Assert.Empty(Due(Hourly(OverlapPolicy.QueueOne, CatchUpPolicy.All), At(3, 0, 5), new ScheduleRun(At(1), At(1), null)));
        Assert.Equal([At(3)], Due(Hourly(OverlapPolicy.QueueOne, CatchUpPolicy.All), At(3, 20), new ScheduleRun(At(1), At(1), At(3, 15))));
    }

    [Fact]
    public void Due_Allow_StartsWhateverIsRunning()
    {
        Assert.Equal([At(2)], Due(Hourly(OverlapPolicy.Allow), At(2, 0, 5), new ScheduleRun(At(1), At(1), null)));
    }

    [Fact]
    public void Due_NothingBeforeTheScheduleWentLive_Starts()
    {
        Assert.Empty(SchedulePlan.Due(Hourly(catchUp: CatchUpPolicy.All), new CronSchedule("0 * * * *", "UTC"), [], At(5, 30), At(5, 59), Grace));
    }

    [Fact]
    public void Latest_EverySecondMissedForAMonth_FindsTheLastFew()
    {
        var cron = new CronSchedule("* * * * * *", "UTC");
        var latest = SchedulePlan.Latest(cron, Since, Since.AddDays(30), 3);
        Assert.Equal([Since.AddDays(30).AddSeconds(-2), Since.AddDays(30).AddSeconds(-1), Since.AddDays(30)], latest);
    }

    [Fact]
    public void Between_DaylightSavingInBerlin_KeepsLocalTimeAndFiresSkippedTimeOnce()
    {
        var cron = new CronSchedule("30 2 * * *", "Europe/Berlin");
        // 2026-03-29: clocks go from 02:00 to 03:00 CET->CEST; 02:30 does not exist and fires once at the change (01:00 UTC).
        var march = cron.Between(new DateTimeOffset(2026, 3, 27, 12, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 3, 30, 12, 0, 0, TimeSpan.Zero)).ToList();
        Assert.Equal([new DateTimeOffset(2026, 3, 28, 1, 30, 0, TimeSpan.Zero), new DateTimeOffset(2026, 3, 29, 1, 0, 0, TimeSpan.Zero),
            new DateTimeOffset(2026, 3, 30, 0, 30, 0, TimeSpan.Zero)], march);
    }
}
