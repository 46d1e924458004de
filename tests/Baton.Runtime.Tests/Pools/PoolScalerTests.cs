using System.Collections.Immutable;
using Baton.Runtime.Pools;
using Microsoft.Extensions.Time.Testing;

namespace Baton.Runtime.Tests.Pools;

/// <summary>The autoscaler's rule, driven by a virtual clock: nothing here waits.</summary>
public sealed class PoolScalerTests
{
    private static readonly ServicePool Pool = new(Min: 1, Max: 5, TargetPerReplica: 4, ScaleDownAfter: TimeSpan.FromSeconds(30));
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 7, 12, 0, 0, TimeSpan.Zero));
    private ImmutableList<(DateTimeOffset At, int Count)> _history = [];

    private int Decide(int current, long demand, ServicePool? pool = null)
    {
        (var desired, _history) = PoolScaler.Decide(pool ?? Pool, current, demand, _clock.GetUtcNow(), _history);
        return desired;
    }

    [Theory]
    [InlineData(1, 13, 4)]   // 13 per replica against 4: ceil(1 * 13 / 4)
    [InlineData(2, 8, 2)]    // exactly on target
    [InlineData(2, 10, 3)]   // 1.25 of target: ceil(10 / 4)
    [InlineData(1, 400, 5)]  // bounded above by max
    [InlineData(0, 0, 1)]    // bounded below by min
    public void Decide_FirstTime_FollowsTheAutoscalerRule(int current, long demand, int expected)
    {
        Assert.Equal(expected, Decide(current, demand));
    }

    [Fact]
    public void Decide_HostJustStartedWithIdleReplicas_KeepsThemForAWindow()
    {
        Assert.Equal(4, Decide(4, 0));
        _clock.Advance(TimeSpan.FromSeconds(29));
        Assert.Equal(4, Decide(4, 0));
        _clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(1, Decide(4, 0));
    }

    [Fact]
    public void Decide_WithinTolerance_KeepsTheCount()
    {
        Assert.Equal(3, Decide(3, 13)); // 13 / 3 / 4 = 1.083, within 10%
    }

    [Fact]
    public void Decide_FromZeroReplicas_StartsEnoughForTheQueue()
    {
        var pool = Pool with { Min = 0 };
        Assert.Equal(0, Decide(0, 0, pool));
        Assert.Equal(3, Decide(0, 9, pool));
    }

    [Fact]
    public void Decide_BurstThenQuiet_ScalesUpAtOnceAndDownOnlyAfterTheWindow()
    {
        var pool = Pool with { Min = 0 };
        Assert.Equal(5, Decide(0, 50, pool));           // a burst: straight to max
        _clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(5, Decide(5, 6, pool));            // demand fell to 2 replicas' worth: held by the window
        _clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(5, Decide(5, 0, pool));            // empty, still within 30 s of the burst's recommendation
        _clock.Advance(TimeSpan.FromSeconds(11));       // 31 s after the burst: the highest left is 2 (at 10 s)
        Assert.Equal(2, Decide(5, 0, pool));
        _clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(0, Decide(2, 0, pool));            // quiet for a whole window: down to min
    }

    [Fact]
    public void Decide_DemandReturnsDuringTheWindow_ScalesUpAgainAtOnce()
    {
        Assert.Equal(2, Decide(1, 8));
        _clock.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(2, Decide(2, 0));
        _clock.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(4, Decide(2, 16));
    }
}
