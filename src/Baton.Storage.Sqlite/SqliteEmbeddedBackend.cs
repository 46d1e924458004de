using Baton.Runtime.Composition;
using Baton.Runtime.Data;
using Baton.Runtime.Hosting;
using Baton.Embedded;
using Baton.Runtime.Runners;
using Microsoft.Extensions.Logging;

namespace Baton.Storage.Sqlite;

/// <summary>Builds the embedded backend (SQLite store, standard runners) from function-app settings.</summary>
/// <remarks>One place for the wiring the CLI and the host share. The backend is returned unstarted. With
/// the app setting <c>BATON_DATA_STORAGE</c> (a storage connection string), step data over the threshold is kept in Blob storage (see <see cref="EmbeddedBackendOptions.Data"/>).</remarks>
public static class SqliteEmbeddedBackend
{
    /// <summary>Creates a backend on the settings' database (or <paramref name="databasePath"/>), with the context's clock, ids,
    /// functions and logging and the standard runners.</summary>
    public static EmbeddedBackend Create(HostSettings settings, BatonContext context, string? databasePath = null, TaskExecutor? executor = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(context);
        var store = new SqliteTaskHubStore(new SqliteStoreOptions(databasePath ?? settings.Database)
        {
            Synchronous = settings.Synchronous,
            PayloadThreshold = settings.PayloadThresholdBytes,
        });
        var options = new EmbeddedBackendOptions
        {
            MaxConcurrentTasks = settings.MaxConcurrentActivityFunctions,
            Pools = settings.WorkerPools,
            MaxBatchSize = settings.MaxBatchSize,
            LeaseDuration = settings.LeaseDuration,
            Audit = store,
            Data = settings.AppSetting("BATON_DATA_STORAGE") is { Length: > 0 } storage ? new BlobClaimCheck(DataContainer(storage, settings.DataContainer ?? "baton-data"), settings.DataThreshold) : null,
        };
        return new EmbeddedBackend(store, options, executor ?? TaskExecutor.Standard(context), context.Time, context.Ids, context.Logging.CreateLogger<EmbeddedBackend>());
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
