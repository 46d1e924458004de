using System.Diagnostics.Metrics;

namespace Baton.Bench;

/// <summary>The hub's group-commit batch sizes (the <c>baton.commit.batch_size</c> histogram) recorded while it is alive: how
/// many events each commit carried, beside the throughput they explain.</summary>
internal sealed class BatchSizes : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly List<long> _sizes = [];

    public BatchSizes()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Name == "baton.commit.batch_size")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, _, _) =>
        {
            lock (_sizes)
            {
                _sizes.Add(value);
            }
        });
        _listener.Start();
    }

    /// <summary>The commits and their events: <c>N commits; events each mean M, p50 P, p99 Q, max X</c>.</summary>
    public string Describe()
    {
        long[] sorted;
        lock (_sizes)
        {
            sorted = [.. _sizes.Order()];
        }
        if (sorted.Length == 0)
        {
            return "no commits";
        }
        long At(double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
        return $"{sorted.Length:N0} commits; events each: mean {sorted.Average():0.0}, p50 {At(0.5)}, p99 {At(0.99)}, max {sorted[^1]}";
    }

    public void Dispose() => _listener.Dispose();
}
