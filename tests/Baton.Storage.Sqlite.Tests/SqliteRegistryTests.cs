using Baton.Testing;
using Baton.Abstractions;

namespace Baton.Storage.Sqlite.Tests;

/// <summary>The registry's rules over the embedded backend's SQLite store.</summary>
public sealed class SqliteRegistryTests : RegistryContract, IDisposable
{
    private readonly TempDirectory _dir = new();
    private SqliteTaskHubStore? _store;

    protected override async Task<IRegistryStore> CreateStoreAsync()
    {
        _store = new SqliteTaskHubStore(new SqliteStoreOptions(_dir.File("hub.db")));
        await _store.InitializeAsync(default);
        return _store;
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
