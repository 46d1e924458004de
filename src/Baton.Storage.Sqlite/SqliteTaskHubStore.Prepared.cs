using Microsoft.Data.Sqlite;

namespace Baton.Storage.Sqlite;

public sealed partial class SqliteTaskHubStore
{
    /// <summary>The writer's statements, prepared once each and kept for the store's life (used under the write gate only).</summary>
    /// <remarks>SQLite parses a statement every time a new command runs it; the writer runs the same few statements for every
    /// event, so keeping them prepared saves a parse per row (measured: the parser was a fifth of SQLite's time in a burst of starts).</remarks>
    private readonly Dictionary<string, SqliteCommand> _prepared = new(StringComparer.Ordinal);

    /// <summary>Runs a statement in a transaction: on the writer connection a kept prepared statement, on another a new command.</summary>
    private async Task RunAsync(SqliteConnection c, SqliteTransaction tx, CancellationToken ct, string sql, params (string, object?)[] args)
    {
        if (!ReferenceEquals(c, _write))
        {
            await using var once = Command(c, sql, args);
            once.Transaction = tx;
            await once.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            return;
        }
        await Prepared(tx, sql, args).ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    /// <summary>The writer's kept command for a statement, bound to these values in this transaction; never disposed by callers.</summary>
    private SqliteCommand Prepared(SqliteTransaction tx, string sql, params (string Name, object? Value)[] args)
    {
        if (!_prepared.TryGetValue(sql, out var cmd))
        {
            cmd = Command(Writer, sql, args);
            _prepared[sql] = cmd;
        }
        else
        {
            foreach (var (name, value) in args)
            {
                cmd.Parameters[name].Value = value ?? DBNull.Value;
            }
        }
        cmd.Transaction = tx;
        return cmd;
    }

    private void DisposePrepared()
    {
        foreach (var cmd in _prepared.Values)
        {
            cmd.Dispose();
        }
        _prepared.Clear();
    }
}
