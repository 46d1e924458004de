namespace Baton.Embedded;

/// <summary>Settings of a task hub.</summary>
/// <remarks>Defaults suit an embedded single host. <see cref="OwnerId"/> must be unique per running host.</remarks>
public sealed record EmbeddedBackendOptions
{
    /// <summary>Identifies this host in work-item leases; empty (the default) makes one of the machine, the process and a new id.</summary>
    public string OwnerId { get; init; } = "";

    /// <summary>How long a dispatched task stays leased to this host before another may take it.</summary>
    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>How often the host looks for work whose lease ran out.</summary>
    public TimeSpan SweepInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The most events applied and committed together (group commit).</summary>
    public int MaxBatchSize { get; init; } = 512;

    /// <summary>The most running instances whose state the writer keeps in memory (the least recently used go first); others are
    /// read from the store when their next event comes. What bounds the hub's memory however many instances wait.</summary>
    public int MaxCachedInstances { get; init; } = 10_000;

    /// <summary>The most task attempts running at once in this host.</summary>
    public int MaxConcurrentTasks { get; init; } = 256;

    /// <summary>Named worker pools and their slots: a binding with <c>pool: name</c> runs in that pool's slots, not the hub's.</summary>
    public IReadOnlyDictionary<string, int> Pools { get; init; } = new Dictionary<string, int>(StringComparer.Ordinal);

    /// <summary>Where step data over a threshold is kept (Blob storage), or null to keep all of it in the store.</summary>
    /// <remarks>With it, a start's input, a task's output, a service's report and a raised event's data over the claim
    /// check's threshold are written to Blob storage and only references enter state and history; a task's input is read
    /// back before the task runs, and purging an instance deletes its blobs.</remarks>
    public Runtime.Data.BlobClaimCheck? Data { get; init; }

    /// <summary>Where control actions are audited: the SQLite store for a hub on SQLite; null keeps them in memory (tests, in-memory stores).</summary>
    public Abstractions.Audit.IAuditLog? Audit { get; init; }

    /// <summary>True when the store is held exclusively (embedded), so leases of earlier runs are released at start.</summary>
    public bool ExclusiveStore { get; init; } = true;

    /// <summary>How long stopping the hub waits for running task attempts to finish (and their results to be committed) before cancelling them.</summary>
    /// <remarks>An attempt cancelled at shutdown leaves its work item in the store, so it runs again after the next start.</remarks>
    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The first delay before a failed background loop is restarted; later delays double up to <see cref="LoopRestartMaxDelay"/>.</summary>
    public TimeSpan LoopRestartDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>The longest delay between restarts of a failing background loop.</summary>
    public TimeSpan LoopRestartMaxDelay { get; init; } = TimeSpan.FromSeconds(30);
}
