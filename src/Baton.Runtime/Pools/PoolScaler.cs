using System.Collections.Immutable;

namespace Baton.Runtime.Pools;

/// <summary>The replica count a pool should have: the Kubernetes horizontal pod autoscaler's rule on queued and running
/// attempts per replica. Pure: it reads no clock, the caller passes the time and the history it got back last time.</summary>
/// <remarks>With <c>metric = demand / current</c> (attempts queued or running, per replica), the raw count is
/// <c>ceil(current * metric / target)</c>, left at <c>current</c> while <c>metric / target</c> is within
/// <see cref="Tolerance"/> of 1, and <c>ceil(demand / target)</c> from zero replicas; it is then bounded by min and max.
/// Scaling up takes effect at once; scaling down takes the highest count recommended within the last
/// <c>scale_down_after</c>, so a pool shrinks only after demand stayed low for the whole window (and never in the first
/// window after a host starts).</remarks>
public static class PoolScaler
{
    /// <summary>How far the metric may stray from the target before the count changes: 10%, as the autoscaler's default.</summary>
    public const double Tolerance = 0.1;

    /// <summary>Decides the count for now and returns it with the history to pass next time.</summary>
    /// <param name="pool">The pool's bounds, target and window.</param>
    /// <param name="current">Replicas running now (not counting those draining).</param>
    /// <param name="demand">Attempts queued or running now.</param>
    /// <param name="now">The time of this decision.</param>
    /// <param name="history">What earlier decisions returned (empty the first time).</param>
    public static (int Desired, ImmutableList<(DateTimeOffset At, int Count)> History) Decide(ServicePool pool, int current, long demand,
        DateTimeOffset now, ImmutableList<(DateTimeOffset At, int Count)> history)
    {
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentNullException.ThrowIfNull(history);
        var raw = Raw(current, Math.Max(0, demand), pool.TargetPerReplica);
        var bounded = Math.Clamp(raw, pool.Min, pool.Max);
        // A pool seen for the first time (a host that just started) counts what runs now as recommended now, so it never
        // shrinks before a whole window has passed.
        var seeded = history.IsEmpty && current > bounded ? history.Add((now, current)) : history;
        var kept = seeded.RemoveAll(h => h.At <= now - pool.ScaleDownAfter).Add((now, bounded));
        if (bounded >= current)
        {
            return (bounded, kept);
        }
        return (Math.Min(current, kept.Max(h => h.Count)), kept);
    }

    private static int Raw(int current, long demand, int target)
    {
        // ceil(current * (demand / current) / target) is ceil(demand / target), computed without rounding error.
        var wanted = (int)Math.Min(ServicePool.MaxReplicas, (demand + target - 1) / target);
        return current > 0 && Math.Abs((double)demand / current / target - 1) <= Tolerance ? current : wanted;
    }
}
