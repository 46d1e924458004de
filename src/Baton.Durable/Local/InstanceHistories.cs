using System.Collections.Concurrent;
using DurableTask.AzureStorage;
using DurableTask.Core;
using DurableTask.Core.History;

namespace Baton.Durable.Local;

/// <summary>Where the local sidecar finds an instance's history for clients: the Azure Storage provider's own history
/// table, or, for the in-memory backend (which keeps none a client can read), the histories its work items completed.</summary>
internal sealed class InstanceHistories
{
    private readonly AzureStorageOrchestrationService? _storage;
    private readonly ConcurrentDictionary<string, HistoryEvent[]> _kept = new(StringComparer.Ordinal);

    private InstanceHistories(AzureStorageOrchestrationService? storage) => _storage = storage;

    /// <summary>The histories of a hub on Azure Storage.</summary>
    public static InstanceHistories Stored(AzureStorageOrchestrationService storage) => new(storage);

    /// <summary>Histories kept as work items complete (see <see cref="Keep"/>).</summary>
    public static InstanceHistories Kept() => new(null);

    /// <summary>Keeps the history an orchestration work item completed with: the latest execution's, replacing the last.</summary>
    public void Keep(OrchestrationRuntimeState state)
    {
        if (_storage is null && state.OrchestrationInstance?.InstanceId is { } id)
        {
            _kept[id] = [.. state.Events];
        }
    }

    /// <summary>Forgets a purged instance's kept history.</summary>
    public void Forget(string instanceId) => _kept.TryRemove(instanceId, out _);

    /// <summary>The latest execution's history of an instance; empty when there is none.</summary>
    public async Task<IList<HistoryEvent>> ReadAsync(string instanceId)
    {
        if (_storage is null)
        {
            return _kept.TryGetValue(instanceId, out var kept) ? kept : [];
        }
        var json = await _storage.GetOrchestrationHistoryAsync(instanceId, null).ConfigureAwait(false);
        return string.IsNullOrEmpty(json) ? [] : HistoryJson.Read(json);
    }
}
