using Baton.Abstractions.Audit;
using Baton.Testing;
using Microsoft.Data.Sqlite;

namespace Baton.Storage.Sqlite.Tests;

/// <summary>The audit log's rules over the embedded backend's SQLite store (one store per database file, as the hub holds it).</summary>
public sealed class SqliteAuditLogTests : AuditLogContract, IDisposable
{
    private readonly TempDirectory _dir = new();
    private SqliteTaskHubStore? _store;

    public override async Task InitializeAsync()
    {
        _store = new SqliteTaskHubStore(new SqliteStoreOptions(_dir.File("hub.db")));
        await _store.InitializeAsync(default);
    }

    protected override IAuditLog Writer() => _store!;

    protected override async Task TamperAsync(long sequence, string body)
    {
        await using var c = new SqliteConnection($"Data Source={_dir.File("hub.db")};Pooling=False");
        await c.OpenAsync();
        await using var cmd = c.CreateCommand();
        cmd.CommandText = "UPDATE audit SET body = $b WHERE seq = $s";
        cmd.Parameters.AddWithValue("$b", body);
        cmd.Parameters.AddWithValue("$s", sequence);
        Assert.Equal(1, await cmd.ExecuteNonQueryAsync());
    }

    public override async Task DisposeAsync()
    {
        if (_store is not null)
        {
            await _store.DisposeAsync();
        }
    }

    public void Dispose() => _dir.Dispose();
}
