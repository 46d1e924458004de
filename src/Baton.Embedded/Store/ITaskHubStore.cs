using Baton.Abstractions;
namespace Baton.Embedded.Store;

/// <summary>Where a task hub keeps definitions, instances, history, the outbox of work and timers.</summary>
/// <remarks>Contract every provider meets (checked by the shared store contract tests):
/// <list type="bullet">
/// <item><see cref="CommitAsync"/> applies each <see cref="InstanceCommit"/> atomically: state, steps, history,
/// outbox additions and deletions all land or none do. A commit touches exactly one instance (one Azure Table
/// partition), so a provider may commit the items of a batch separately; SQLite commits the whole batch at once.</item>
/// <item>A commit whose <see cref="InstanceCommit.ExpectedSequence"/> does not match throws
/// <see cref="ConcurrencyException"/> and changes nothing.</item>
/// <item>Work items stay small: a provider may keep a payload above its threshold by reference.</item>
/// </list></remarks>
public interface ITaskHubStore : IRegistryStore, IAsyncDisposable
{
    /// <summary>Creates tables and takes whatever lock the provider needs to host the hub.</summary>
    Task InitializeAsync(CancellationToken cancellationToken);

    /// <summary>Returns the hub's secret of that name, creating it (32 random bytes) the first time it is asked for.</summary>
    /// <remarks>The same name gives the same bytes for the life of the store, across restarts and hosts; the value
    /// never appears in history, instances or logs.</remarks>
    Task<byte[]> GetSecretAsync(string name, CancellationToken cancellationToken);


    /// <summary>Commits a batch of per-instance transitions.</summary>
    Task CommitAsync(IReadOnlyList<InstanceCommit> batch, CancellationToken cancellationToken);

    /// <summary>Loads an instance's snapshot with all its steps, or null if there is none.</summary>
    Task<InstanceRecord?> LoadInstanceAsync(string instanceId, CancellationToken cancellationToken);

    /// <summary>Lists instances, newest first.</summary>
    Task<IReadOnlyList<InstanceSummary>> ListInstancesAsync(InstanceQuery query, CancellationToken cancellationToken);

    /// <summary>Reads history entries in order, starting at a sequence number.</summary>
    Task<IReadOnlyList<HistoryEntry>> ReadHistoryAsync(string instanceId, long fromSequence, int maxCount, CancellationToken cancellationToken);

    /// <summary>Leases due work items to an owner: those never leased, or whose lease has run out.</summary>
    /// <remarks>Timers are returned when due; tasks whenever unleased. A leased item is invisible to other
    /// owners until <paramref name="leaseUntil"/>.</remarks>
    Task<IReadOnlyList<WorkItem>> ClaimWorkAsync(WorkKind kind, string owner, DateTimeOffset now, DateTimeOffset leaseUntil, int maxCount, CancellationToken cancellationToken);

    /// <summary>Lists every pending timer, so a host can schedule them in memory.</summary>
    Task<IReadOnlyList<WorkItem>> ListTimersAsync(CancellationToken cancellationToken);

    /// <summary>Extends the leases an owner holds on work it is still doing.</summary>
    Task RenewLeasesAsync(string owner, IReadOnlyCollection<string> workItemIds, DateTimeOffset leaseUntil, CancellationToken cancellationToken);

    /// <summary>Drops all leases; called by a host that holds the hub exclusively, after a crash of its predecessor.</summary>
    Task ReleaseAllLeasesAsync(CancellationToken cancellationToken);

    /// <summary>Counts instances by status.</summary>
    Task<IReadOnlyDictionary<Baton.Core.Engine.InstanceStatus, long>> CountInstancesAsync(CancellationToken cancellationToken);

    /// <summary>Deletes finished instances with their steps, history and work; returns how many went.</summary>
    /// <remarks>Only instances in a final status are deleted; the query's statuses narrow that further.</remarks>
    Task<int> PurgeAsync(InstanceQuery query, CancellationToken cancellationToken);
}
