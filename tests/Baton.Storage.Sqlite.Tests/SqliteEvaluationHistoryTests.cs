using Baton.Runtime.Slo;
using Baton.Testing;

namespace Baton.Storage.Sqlite.Tests;

/// <summary>Quality-gate results per subject in the embedded SQLite store.</summary>
public sealed class SqliteEvaluationHistoryTests : EvaluationHistoryContract, IAsyncDisposable
{
    private readonly TempDirectory _dir = new();
    private SqliteTaskHubStore? _store;

    protected override async Task<IEvaluationHistory> HistoryAsync()
    {
        _store = new SqliteTaskHubStore(new SqliteStoreOptions(_dir.File("hub.db")));
        await _store.InitializeAsync(default);
        return _store;
    }

    public async ValueTask DisposeAsync()
    {
        if (_store is not null)
        {
            await _store.DisposeAsync();
        }
        _dir.Dispose();
    }
}
