using System.Collections.Immutable;

namespace Baton.Runtime.Pools;

/// <summary>What a pool's replicas are, as the dispatching host wrote it beside the pool's queue: the image, its command and
/// env (evaluated without any attempt's input), its network and format, how long a replica may hold an attempt, and the
/// scaling rule.</summary>
/// <remarks>Kept as queue metadata, so whichever host scales the pool reads the same spec, and a catalog update reaches the
/// replicas started after it.</remarks>
public sealed record PoolSpec(string Task, string Image, ImmutableArray<string> Command, ImmutableDictionary<string, string> Environment,
    string Network, string Format, int VisibilitySeconds, ServicePool Scaling);
