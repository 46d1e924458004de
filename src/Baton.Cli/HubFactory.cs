using Baton.Embedded;
using Baton.Storage.Sqlite;

namespace Baton.Cli;

/// <summary>Builds an embedded task hub on a SQLite file with the standard runners.</summary>
internal static class HubFactory
{
    public static async Task<EmbeddedBackend> StartAsync(string databasePath, CancellationToken ct)
    {
        var hub = SqliteEmbeddedBackend.Create(CliSettings.Current, CliSettings.Context, databasePath);
        try
        {
            await hub.StartAsync(ct).ConfigureAwait(false);
        }
        catch (StoreLockedException ex)
        {
            await hub.DisposeAsync().ConfigureAwait(false);
            throw new CliError(ex.Message, ExitCodes.Error, ["Wait for that process to finish, or use another --db."]);
        }
        catch (SchemaVersionException ex)
        {
            await hub.DisposeAsync().ConfigureAwait(false);
            throw new CliError(ex.Message, ExitCodes.Error);
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
        catch (SchemaVersionException ex)
        {
            await store.DisposeAsync().ConfigureAwait(false);
            throw new CliError(ex.Message, ExitCodes.Error);
        }
        return store;
    }
}
