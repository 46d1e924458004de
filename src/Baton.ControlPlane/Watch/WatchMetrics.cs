using System.Diagnostics.Metrics;

namespace Baton.ControlPlane.Watch;

/// <summary>The watchdog's gauge, <c>baton.instances.stuck</c> (Prometheus <c>baton_instances_stuck</c>), by kind
/// (<c>idle</c>, <c>unbounded_wait</c>), as of the last look.</summary>
public static class WatchMetrics
{
    private static readonly Meter Meter = new(Runtime.Telemetry.Name, "1.0");
    private static volatile IReadOnlyDictionary<string, int> _counts = new Dictionary<string, int>(StringComparer.Ordinal);

    /// <summary>The gauge; observed on each scrape or export.</summary>
    public static ObservableGauge<int> Stuck { get; } = Meter.CreateObservableGauge("baton.instances.stuck",
        () => _counts.Select(p => new Measurement<int>(p.Value, new KeyValuePair<string, object?>("kind", p.Key))), "{instance}",
        "Instances the watchdog flags as stuck at its last look, by kind (idle, unbounded_wait).");

    /// <summary>Records what the last look found (both kinds are always reported, 0 when none).</summary>
    public static void Record(IEnumerable<StuckInstance> stuck)
    {
        ArgumentNullException.ThrowIfNull(stuck);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal) { ["idle"] = 0, ["unbounded_wait"] = 0 };
        foreach (var s in stuck)
        {
            counts[s.Kind] = counts.GetValueOrDefault(s.Kind) + 1;
        }
        _counts = counts;
    }
}
