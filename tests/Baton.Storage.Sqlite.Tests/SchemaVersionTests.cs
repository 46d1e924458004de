using Baton.Testing;
using Microsoft.Data.Sqlite;

namespace Baton.Storage.Sqlite.Tests;

/// <summary>The store's schema carries a version: older files are migrated forward, newer ones refused untouched.</summary>
public sealed class SchemaVersionTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static async Task<long> UserVersionAsync(string path)
    {
        await using var c = new SqliteConnection($"Data Source={path};Pooling=False");
        await c.OpenAsync();
        await using var cmd = c.CreateCommand();
        cmd.CommandText = "PRAGMA user_version;";
        return (long)(await cmd.ExecuteScalarAsync())!;
    }

    private static async Task ExecuteAsync(string path, string sql)
    {
        await using var c = new SqliteConnection($"Data Source={path};Pooling=False");
        await c.OpenAsync();
        await using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        await cmd.ExecuteNonQueryAsync();
    }

    [Fact]
    public async Task InitializeAsync_NewFile_IsWrittenAtTheCurrentVersion()
    {
        var path = _dir.File("new.db");
        await using (var store = new SqliteTaskHubStore(new SqliteStoreOptions(path)))
        {
            await store.InitializeAsync(default);
        }

        Assert.Equal(SqliteTaskHubStore.SchemaVersion, await UserVersionAsync(path));
    }

    [Fact]
    public async Task InitializeAsync_StoreFromBeforeVersioning_IsMigratedAndKeepsItsData()
    {
        // A store as an earlier Baton left it: version 0, no secrets table, one definition.
        var path = _dir.File("old.db");
        await ExecuteAsync(path, "CREATE TABLE definitions(hash TEXT PRIMARY KEY, kind TEXT NOT NULL, name TEXT NOT NULL, version TEXT NOT NULL, " +
            "file_name TEXT NOT NULL, content TEXT NOT NULL); INSERT INTO definitions VALUES('h1', 'workflow', 'w', '1', 'w.yaml', 'text');");

        await using var store = new SqliteTaskHubStore(new SqliteStoreOptions(path));
        await store.InitializeAsync(default);

        Assert.Equal(SqliteTaskHubStore.SchemaVersion, await UserVersionAsync(path));
        Assert.Equal("text", (await store.GetDefinitionAsync("h1", default))!.Content);
        Assert.Equal(32, (await store.GetSecretAsync("s", default)).Length);
    }

    [Fact]
    public async Task InitializeAsync_StoreFromANewerBaton_IsRefusedAndLeftUntouched()
    {
        var path = _dir.File("future.db");
        await ExecuteAsync(path, $"PRAGMA user_version = {SqliteTaskHubStore.SchemaVersion + 1};");
        var before = await File.ReadAllBytesAsync(path);

        foreach (var readOnly in new[] { false, true })
        {
            await using var store = new SqliteTaskHubStore(new SqliteStoreOptions(path) { ReadOnly = readOnly });
            var ex = await Assert.ThrowsAsync<SchemaVersionException>(() => store.InitializeAsync(default));
            Assert.Equal(SqliteTaskHubStore.SchemaVersion + 1, ex.Found);
            Assert.Contains("newer than this Baton supports", ex.Message, StringComparison.Ordinal);
        }
        Assert.Equal(before, await File.ReadAllBytesAsync(path));
    }
}
