using System.Collections.Immutable;
using System.Text.Json.Nodes;
using Baton.ControlPlane.Watch;
using Baton.Core.Engine;

namespace Baton.ControlPlane.Tests.Watch;

/// <summary>What the watchdog flags, at moments the test chooses: idle running instances with nothing due, unbounded event
/// waits, and not what is waiting on a timer, suspended or fresh.</summary>
public sealed class WatchdogTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);

    private static InstanceState State(InstanceStatus status, params StepState[] steps) => new("i-1", "wf", "1", status, null, new JsonObject(),
        ImmutableSortedDictionary<string, string>.Empty, "seed", steps.ToImmutableDictionary(s => s.Id), null, null, Start, Start, null, 1, steps.Length);

    [Fact]
    public void Check_RunningStepWithNoProgressForLongerThanIdle_IsIdle()
    {
        var stuck = Watchdog.Check(State(InstanceStatus.Running, new StepState("call", StepStatus.Running, 1, StartedAt: Start)), Start + 2 * Hour, Hour);
        Assert.Equal(("idle", "call"), (stuck!.Kind, stuck.Step));
    }

    [Fact]
    public void Check_NoProgressYetWithinIdle_IsNotFlagged() =>
        Assert.Null(Watchdog.Check(State(InstanceStatus.Running, new StepState("call", StepStatus.Running, 1, StartedAt: Start)), Start + Hour / 2, Hour));

    [Fact]
    public void Check_TimerDueLater_IsNotIdle() =>
        Assert.Null(Watchdog.Check(State(InstanceStatus.Running, new StepState("nap", StepStatus.Waiting, DueAt: Start + 48 * Hour)), Start + 3 * Hour, Hour));

    [Fact]
    public void Check_EventWaitWithoutTimeout_IsFlaggedAtOnce()
    {
        var stuck = Watchdog.Check(State(InstanceStatus.Running, new StepState("approve", StepStatus.Waiting)), Start, Hour);
        Assert.Equal(("unbounded_wait", "approve"), (stuck!.Kind, stuck.Step));
    }

    [Fact]
    public void Check_SuspendedOrFinished_IsNeverFlagged()
    {
        Assert.Null(Watchdog.Check(State(InstanceStatus.Suspended, new StepState("approve", StepStatus.Waiting)), Start + 9 * Hour, Hour));
        Assert.Null(Watchdog.Check(State(InstanceStatus.Completed), Start + 9 * Hour, Hour));
    }

    [Fact]
    public void Idle_Malformed_NamesWhatIsWrong() =>
        Assert.Contains("BATON_WATCHDOG_IDLE", Assert.Throws<FormatException>(() => Watchdog.Idle("10s", Watchdog.IdleSetting)).Message, StringComparison.Ordinal);
}
