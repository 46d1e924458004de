namespace Baton.Runtime.Pools;

/// <summary>A service pool (<c>pool: { min, max, target_per_replica, scale_down_after }</c> on a container task): long-running
/// replicas of the image take the task's attempts from a queue, their number set by demand.</summary>
/// <remarks>Limits: <see cref="Min"/> 0 to 100, <see cref="Max"/> 1 to 100 and at least <see cref="Min"/>,
/// <see cref="TargetPerReplica"/> 1 to 10,000 attempts (queued or running) per replica, <see cref="ScaleDownAfter"/> 0 to 1 hour
/// (default 5 minutes, the Kubernetes autoscaler's own). See <see cref="PoolScaler"/> for the rule.</remarks>
public sealed record ServicePool(int Min, int Max, int TargetPerReplica, TimeSpan ScaleDownAfter)
{
    /// <summary>The stabilisation window used when <c>scale_down_after</c> is not given.</summary>
    public static readonly TimeSpan DefaultScaleDownAfter = TimeSpan.FromMinutes(5);

    /// <summary>The longest stabilisation window.</summary>
    public static readonly TimeSpan MaxScaleDownAfter = TimeSpan.FromHours(1);

    /// <summary>The most replicas one pool may have.</summary>
    public const int MaxReplicas = 100;
}
