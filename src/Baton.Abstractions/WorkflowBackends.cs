using Baton.Core.Engine;

namespace Baton.Abstractions;

/// <summary>What every backend does the same way on top of the contract.</summary>
public static class WorkflowBackends
{
    /// <summary>Purges the finished instances a query matches one by one (each with its Blob data); returns how many went.</summary>
    public static async Task<int> PurgeEachAsync(this IWorkflowBackend backend, InstanceQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(backend);
        ArgumentNullException.ThrowIfNull(query);
        var final = Enum.GetValues<InstanceStatus>().Where(s => s.IsFinal() && (query.Statuses?.Contains(s) ?? true)).ToList();
        var purged = 0;
        foreach (var instance in await backend.ListInstancesAsync(query with { Statuses = final }, cancellationToken).ConfigureAwait(false))
        {
            purged += await backend.PurgeAsync(instance.InstanceId, cancellationToken).ConfigureAwait(false) == true ? 1 : 0;
        }
        return purged;
    }
}
