using System.Collections.Concurrent;
using Microsoft.DurableTask.Client;

namespace Baton.Durable;

/// <summary>Reads instances' timelines (<see cref="DurableTimeline"/>) for a hub, keeping the latest of each instance until
/// it changes, so a status read that polls (a stream, <c>?wait=</c>) replays a history only when there is more of it.</summary>
/// <remarks>Keyed by the instance's last update as the framework reports it; at most <see cref="Capacity"/> instances are
/// kept, and when more are read the oldest reads are dropped. Shared by every request of a process.</remarks>
internal sealed class DurableTimelines(DurableHistoryLog kept, OrchestratorOptions options)
{
    /// <summary>The most instances whose timeline is kept.</summary>
    public const int Capacity = 512;

    private readonly ConcurrentDictionary<string, (DateTimeOffset UpdatedAt, long Read, DurableTimeline? Timeline)> _cache = new(StringComparer.Ordinal);
    private long _reads;

    /// <summary>The timeline of the instance <paramref name="metadata"/> describes, as of that update; null when it has no
    /// history yet (pending) or is not a Baton workflow.</summary>
    public async Task<DurableTimeline?> ReadAsync(DurableTaskClient client, OrchestrationMetadata metadata, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(metadata);
        var id = metadata.InstanceId;
        if (_cache.TryGetValue(id, out var cached) && cached.UpdatedAt == metadata.LastUpdatedAt)
        {
            return cached.Timeline;
        }
        if (metadata.RuntimeStatus == OrchestrationRuntimeStatus.Pending)
        {
            return null;
        }
        IList<DurableTask.Core.History.HistoryEvent> history;
        try
        {
            history = await client.GetOrchestrationHistoryAsync(id, cancellationToken).ConfigureAwait(false);
        }
        catch (ArgumentException)
        {
            // The client's answer for an instance with no history (purged meanwhile).
            return null;
        }
        var timeline = history.Count == 0 ? null
            : await DurableTimeline.BuildAsync(id, history, kept, options, cancellationToken).ConfigureAwait(false);
        _cache[id] = (metadata.LastUpdatedAt, Interlocked.Increment(ref _reads), timeline);
        if (_cache.Count > Capacity)
        {
            foreach (var old in _cache.OrderBy(c => c.Value.Read).Take(_cache.Count - Capacity).Select(c => c.Key).ToList())
            {
                _cache.TryRemove(old, out _);
            }
        }
        return timeline;
    }

    /// <summary>Forgets an instance (purged).</summary>
    public void Forget(string instanceId) => _cache.TryRemove(instanceId, out _);
}
