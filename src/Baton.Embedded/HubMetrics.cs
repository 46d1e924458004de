using System.Diagnostics.Metrics;
using Baton.Runtime;

namespace Baton.Embedded;

/// <summary>The gauges of one embedded hub (the counters every backend shares are <see cref="WorkflowMetrics"/>).</summary>
internal sealed class HubMetrics : IDisposable
{
    private readonly Meter _meter = new(Telemetry.Name, "1.0");

    public HubMetrics(Func<int> timersPending, Func<int> queueDepth, Func<IReadOnlyDictionary<string, long>> byStatus)
    {
        BatchSize = _meter.CreateHistogram<long>("baton.commit.batch_size", "{event}", "Events per group commit.");
        _meter.CreateObservableGauge("baton.timers.pending", timersPending, "{timer}", "Durable timers armed in this host.");
        _meter.CreateObservableGauge("baton.queue.depth", queueDepth, "{event}", "Events waiting for the writer.");
        _meter.CreateObservableGauge("baton.instances", () => byStatus().Select(p => new Measurement<long>(p.Value, new KeyValuePair<string, object?>("status", p.Key))),
            "{instance}", "Instances in the store, by status.");
    }

    public Histogram<long> BatchSize { get; }

    public void Dispose() => _meter.Dispose();
}
