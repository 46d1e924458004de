using Baton.Embedded.Store;
using Microsoft.Data.Sqlite;

namespace Baton.Storage.Sqlite;

/// <summary>The embedded task hub store: one SQLite file in WAL mode, one transaction per batch of commits.</summary>
/// <remarks>Writes go through one connection, serialized; reads use pooled connections and never block writes
/// (WAL). Holds an exclusive lock file while open for writing. JSON above the payload threshold is stored once
/// in a payloads table and referenced by its hash.</remarks>
public sealed partial class SqliteTaskHubStore : ITaskHubStore
{
    private readonly SqliteStoreOptions _options;
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private readonly string _connectionString;
    private SqliteConnection? _write;
    private HubLock? _lock;

    /// <summary>Creates a store over a database file; nothing is opened until <see cref="InitializeAsync"/>.</summary>
    public SqliteTaskHubStore(SqliteStoreOptions options)
    {
        _options = options;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path.GetFullPath(options.Path),
            Mode = options.ReadOnly ? SqliteOpenMode.ReadOnly : SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
    }

    /// <summary>The schema version this build writes (SQLite's <c>user_version</c>); older stores are migrated forward on open, newer ones refused.</summary>
    public const int SchemaVersion = Schema.Version;

    /// <inheritdoc />
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        if (_options.ReadOnly)
        {
            if (!File.Exists(_options.Path))
            {
                throw new FileNotFoundException($"No Baton database at '{Path.GetFullPath(_options.Path)}'.", _options.Path);
            }
            await using var reader = await OpenReaderAsync(cancellationToken).ConfigureAwait(false);
            await Schema.VersionOfAsync(reader, Path.GetFullPath(_options.Path), cancellationToken).ConfigureAwait(false);
            return;
        }
        var dir = Path.GetDirectoryName(Path.GetFullPath(_options.Path));
        if (!string.IsNullOrEmpty(dir))
        {
            Directory.CreateDirectory(dir);
        }
        _lock = HubLock.Acquire(Path.GetFullPath(_options.Path));
        _write = new SqliteConnection(_connectionString);
        await _write.OpenAsync(cancellationToken).ConfigureAwait(false);
        // Refuse a newer store before anything (even the journal mode) is written to it.
        await Schema.VersionOfAsync(_write, Path.GetFullPath(_options.Path), cancellationToken).ConfigureAwait(false);
        var sync = _options.Synchronous.Equals("NORMAL", StringComparison.OrdinalIgnoreCase) ? "NORMAL" : "FULL";
        await ExecuteAsync(_write, $"PRAGMA journal_mode=WAL; PRAGMA synchronous={sync}; PRAGMA busy_timeout=5000;", cancellationToken).ConfigureAwait(false);
        await Schema.MigrateAsync(_write, Path.GetFullPath(_options.Path), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await DrainAuditsAsync().ConfigureAwait(false);
        if (_write is not null)
        {
            DisposePrepared();
            await _write.DisposeAsync().ConfigureAwait(false);
            _write = null;
        }
        // Pooled reader connections would keep the file (and its WAL) open after the store is gone.
        using (var pooled = new SqliteConnection(_connectionString))
        {
            SqliteConnection.ClearPool(pooled);
        }
        _lock?.Dispose();
        _lock = null;
        _writeGate.Dispose();
    }

    private SqliteConnection Writer => _write ?? throw new InvalidOperationException("The store is not open for writing; call InitializeAsync.");

    private async Task<SqliteConnection> OpenReaderAsync(CancellationToken ct)
    {
        var c = new SqliteConnection(_connectionString);
        await c.OpenAsync(ct).ConfigureAwait(false);
        return c;
    }

    private async Task<T> WriteAsync<T>(Func<SqliteConnection, Task<T>> work, CancellationToken ct)
    {
        await _writeGate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            return await work(Writer).ConfigureAwait(false);
        }
        finally
        {
            _writeGate.Release();
        }
    }

    private static async Task ExecuteAsync(SqliteConnection c, string sql, CancellationToken ct)
    {
        await using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    private static SqliteCommand Command(SqliteConnection c, string sql, params (string Name, object? Value)[] args)
    {
        var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        foreach (var (name, value) in args)
        {
            cmd.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }
        return cmd;
    }
}
