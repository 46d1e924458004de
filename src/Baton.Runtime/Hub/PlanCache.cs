using System.Collections.Concurrent;
using Baton.Core.Definitions;
using Baton.Core.Engine;
using Baton.Runtime.Catalog;
using Baton.Runtime.Store;

namespace Baton.Runtime.Hub;

/// <summary>Compiled plans and catalogs by content hash, loaded from the store on first use.</summary>
internal sealed class PlanCache(ITaskHubStore store)
{
    private readonly ConcurrentDictionary<string, WorkflowPlan> _plans = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, TaskCatalog> _catalogs = new(StringComparer.Ordinal);

    public async Task<WorkflowPlan> PlanAsync(string hash, CancellationToken ct)
    {
        if (_plans.TryGetValue(hash, out var plan))
        {
            return plan;
        }
        var stored = await store.GetDefinitionAsync(hash, ct).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"Definition {hash} is missing from the store.");
        return _plans.GetOrAdd(hash, WorkflowPlan.Compile(DefinitionLoader.Load(stored.Content, stored.FileName).GetOrThrow()));
    }

    public WorkflowPlan Add(string hash, WorkflowPlan plan) => _plans.GetOrAdd(hash, plan);

    public WorkflowPlan? TryGet(string hash) => _plans.GetValueOrDefault(hash);

    /// <summary>Parses (once) a catalog the caller holds, so a start can check its tasks before anything is stored.</summary>
    public TaskCatalog Catalog(StoredDefinition stored)
    {
        if (_catalogs.TryGetValue(stored.Hash, out var catalog))
        {
            return catalog;
        }
        var (loaded, diagnostics) = CatalogLoader.Load(stored.Content, stored.FileName, Path.GetDirectoryName(Path.GetFullPath(stored.FileName)) ?? ".");
        return _catalogs.GetOrAdd(stored.Hash, loaded ?? throw new DefinitionException(diagnostics));
    }

    public async Task<TaskCatalog> CatalogAsync(string? hash, CancellationToken ct)
    {
        if (hash is null)
        {
            return TaskCatalog.Empty;
        }
        if (_catalogs.TryGetValue(hash, out var catalog))
        {
            return catalog;
        }
        var stored = await store.GetDefinitionAsync(hash, ct).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"Catalog {hash} is missing from the store.");
        var (loaded, diagnostics) = CatalogLoader.Load(stored.Content, stored.FileName, Path.GetDirectoryName(Path.GetFullPath(stored.FileName)) ?? ".");
        return _catalogs.GetOrAdd(hash, loaded ?? throw new DefinitionException(diagnostics));
    }
}
