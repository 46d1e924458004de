namespace Baton.Durable.Local;

/// <summary>How a local worker process joins a Durable task hub on Azure Storage (Azurite locally).</summary>
/// <param name="StorageConnectionString">The storage account (e.g. <c>UseDevelopmentStorage=true</c>, or Azurite's full string).</param>
/// <param name="TaskHubName">The task hub: letters and digits, 3 to 45 characters; every worker of one hub uses the same name.</param>
/// <param name="WorkerId">This worker's name in partition leases; unique per process.</param>
/// <remarks>Workers sharing a hub split its partitions between them and take over a dead worker's partitions once
/// its leases expire (<see cref="LeaseInterval"/>).</remarks>
public sealed record DurableSidecarOptions(string StorageConnectionString, string TaskHubName, string WorkerId)
{
    /// <summary>Control-queue partitions: the most workers that can run orchestrations at once.</summary>
    public int PartitionCount { get; init; } = 4;

    /// <summary>The longest a worker waits between polls of an idle queue; the latency floor when idle.</summary>
    public TimeSpan MaxQueuePollingInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a partition lease lasts without renewal; a dead worker's partitions move after this.</summary>
    public TimeSpan LeaseInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a dequeued message stays hidden from other workers; a dead worker's messages reappear after this.</summary>
    /// <remarks>The provider renews it while an activity runs, so long tasks are safe; the provider's default, 5 minutes,
    /// makes a crash cost 5 minutes.</remarks>
    public TimeSpan VisibilityTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Activities run at once in this worker.</summary>
    public int MaxConcurrentActivities { get; init; } = 32;

    /// <summary>True for a process that only starts and manages instances and runs no work (its sidecar dispatches nothing).</summary>
    public bool ClientOnly { get; init; }

    /// <summary>Step data larger than this many bytes (JSON) is kept in Blob storage and only a reference enters history.</summary>
    public int DataThreshold { get; init; } = Runtime.Data.BlobClaimCheck.DefaultThreshold;

    /// <summary>The worker pools this process serves, with the attempts each runs at once (<c>BATON_WORKER_POOLS</c>).</summary>
    /// <remarks>Attempts of a task whose binding names a pool go onto the pool's queue from whichever worker runs the
    /// activity; only processes that list the pool here take them (see <see cref="PoolWorker"/>).</remarks>
    public IReadOnlyDictionary<string, int> Pools { get; init; } = new Dictionary<string, int>(StringComparer.Ordinal);

    /// <summary>The Blob container of the hub's definitions and data; null takes <c>baton-{hub}</c> (see <see cref="DurableHub.ContainerName"/>).</summary>
    public string? DataContainer { get; init; }

    /// <summary>True to keep orchestrations in this process's memory instead of the hub's Azure Storage tables and queues
    /// (tests: fast, and gone with the process); definitions and data are still in the hub's Blob container.</summary>
    public bool InMemory { get; init; }

    /// <summary>Orchestration episodes run at once in this worker.</summary>
    public int MaxConcurrentOrchestrations { get; init; } = 32;
}
