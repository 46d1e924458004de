using System.Text.Json.Nodes;
using Baton.Abstractions;

namespace Baton.Embedded;

public sealed partial class EmbeddedBackend
{
    /// <inheritdoc />
    public string Name => "embedded";

    /// <inheritdoc />
    public Registry Registry { get; }

    /// <inheritdoc />
    /// <remarks>A subscription to <see cref="Changed"/>: the hub tells of every commit as it happens, so nothing is read.</remarks>
    public Task<IDisposable> WatchAsync(string? instanceId, Action<HubChange> handler, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(handler);
        Action<HubChange> filtered = instanceId is null ? handler : c =>
        {
            if (c.State.InstanceId == instanceId)
            {
                handler(c);
            }
        };
        Changed += filtered;
        return Task.FromResult<IDisposable>(new Unsubscribe(() => Changed -= filtered));
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<InstanceSummary>> ListInstancesAsync(InstanceQuery query, CancellationToken cancellationToken) =>
        _store.ListInstancesAsync(query, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<HistoryEntry>> ReadHistoryAsync(string instanceId, long fromSequence, int maxCount, CancellationToken cancellationToken) =>
        _store.ReadHistoryAsync(instanceId, fromSequence, maxCount, cancellationToken);

    /// <inheritdoc />
    /// <remarks>Ready when the store answers and no background loop is waiting to restart after a failure; the details list the loops.</remarks>
    public async Task<BackendHealth> CheckHealthAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _store.ListInstancesAsync(new InstanceQuery(MaxCount: 1), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException or System.Data.Common.DbException)
        {
            return new BackendHealth(false, $"The store does not answer: {ex.Message}", []);
        }
        var loops = new JsonArray([.. _supervisor.Loops.Select(l => (JsonNode)new JsonObject
        {
            ["name"] = l.Name,
            ["state"] = l.State.ToString().ToLowerInvariant(),
            ["failures"] = l.Failures,
            ["lastFailureTime"] = l.LastFailureAt?.ToString("O"),
            ["lastError"] = l.LastError,
        })]);
        var restarting = _supervisor.Loops.Where(l => l.State == LoopState.Restarting).Select(l => $"{l.Name}: {l.LastError}").ToList();
        return new BackendHealth(_supervisor.IsHealthy,
            restarting.Count == 0 ? null : "A background loop failed and is waiting to restart: " + string.Join("; ", restarting),
            new JsonObject { ["backend"] = Name, ["loops"] = loops });
    }

    private sealed class Unsubscribe(Action undo) : IDisposable
    {
        private Action? _undo = undo;

        public void Dispose() => Interlocked.Exchange(ref _undo, null)?.Invoke();
    }
}
