using Baton.Runtime.Hub;
using Baton.Runtime.Runners;
using Baton.Storage.Sqlite;

namespace Baton.Cli;

/// <summary>Builds an embedded task hub on a SQLite file with the standard runners.</summary>
internal static class HubFactory
{
    public static async Task<TaskHub> StartAsync(string databasePath, CancellationToken ct)
    {
        var settings = CliSettings.Current;
        var store = new SqliteTaskHubStore(new SqliteStoreOptions(databasePath)
        {
            Synchronous = settings.Synchronous,
            PayloadThreshold = settings.PayloadThresholdBytes,
        });
        var functions = FunctionRegistry.WithBuiltIns(TimeProvider.System);
        var executor = new TaskExecutor(functions, [new FunctionRunner(functions), new ProcessRunner(), new HttpRunner()]);
        var options = new TaskHubOptions
        {
            MaxConcurrentTasks = settings.MaxConcurrentActivityFunctions,
            MaxBatchSize = settings.MaxBatchSize,
            LeaseDuration = settings.LeaseDuration,
        };
        var hub = new TaskHub(store, options, executor, TimeProvider.System);
        try
        {
            await hub.StartAsync(ct).ConfigureAwait(false);
        }
        catch (StoreLockedException ex)
        {
            await hub.DisposeAsync().ConfigureAwait(false);
            throw new CliError(ex.Message, ExitCodes.Error, ["Wait for that process to finish, or use another --db."]);
        }
        return hub;
    }

    public static async Task<SqliteTaskHubStore> OpenReadOnlyAsync(string databasePath, CancellationToken ct)
    {
        var store = new SqliteTaskHubStore(new SqliteStoreOptions(databasePath) { ReadOnly = true });
        try
        {
            await store.InitializeAsync(ct).ConfigureAwait(false);
        }
        catch (FileNotFoundException ex)
        {
            await store.DisposeAsync().ConfigureAwait(false);
            throw new CliError(ex.Message, ExitCodes.InvalidInput, ["Run a workflow first, or pass --db with the right path."]);
        }
        return store;
    }
}
