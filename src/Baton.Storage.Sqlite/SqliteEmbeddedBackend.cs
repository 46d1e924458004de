using Baton.Runtime.Data;
using Baton.Runtime.Hosting;
using Baton.Runtime.Embedded;
using Baton.Runtime.Runners;
using Microsoft.Extensions.Logging;

namespace Baton.Storage.Sqlite;

/// <summary>Builds the embedded task hub (SQLite store, standard runners) from function-app settings.</summary>
/// <remarks>One place for the wiring the CLI and the host share. The hub is returned unstarted. With
/// the app setting <c>BATON_DATA_STORAGE</c> (a storage connection string), step data over the threshold is kept in Blob storage (see <see cref="EmbeddedBackendOptions.Data"/>).</remarks>
public static class SqliteEmbeddedBackend
{
    /// <summary>Creates a hub on the settings' database (or <paramref name="databasePath"/>), with the built-in functions and
    /// the function, process, HTTP, event and container runners.</summary>
    public static EmbeddedBackend Create(HostSettings settings, string? databasePath = null, FunctionRegistry? functions = null,
        TimeProvider? time = null, ILogger<EmbeddedBackend>? logger = null)
    {
        var clock = time ?? TimeProvider.System;
        var store = new SqliteTaskHubStore(new SqliteStoreOptions(databasePath ?? settings.Database)
        {
            Synchronous = settings.Synchronous,
            PayloadThreshold = settings.PayloadThresholdBytes,
        });
        var registry = functions ?? FunctionRegistry.WithBuiltIns(clock);
        var executor = TaskExecutor.Standard(registry, settings.AppSetting);
        var options = new EmbeddedBackendOptions
        {
            MaxConcurrentTasks = settings.MaxConcurrentActivityFunctions,
            Pools = settings.WorkerPools,
            MaxBatchSize = settings.MaxBatchSize,
            LeaseDuration = settings.LeaseDuration,
            Data = settings.AppSetting("BATON_DATA_STORAGE") is { Length: > 0 } storage ? new BlobClaimCheck(DataContainer(storage, settings.DataContainer), settings.DataThreshold) : null,
        };
        return new EmbeddedBackend(store, options, executor, clock, logger);
    }

    // Few, quick retries: an unreachable account is reported at start in seconds, not after minutes of backoff.
    private static Azure.Storage.Blobs.BlobContainerClient DataContainer(string connectionString, string name)
    {
        var options = new Azure.Storage.Blobs.BlobClientOptions();
        options.Retry.MaxRetries = 2;
        options.Retry.Delay = TimeSpan.FromMilliseconds(300);
        return new Azure.Storage.Blobs.BlobContainerClient(connectionString, name, options);
    }
}
