using Microsoft.Data.Sqlite;

namespace Baton.Storage.Sqlite;

/// <summary>The tables of the embedded store, their version, and the forward migrations between versions.</summary>
/// <remarks>The version lives in SQLite's <c>PRAGMA user_version</c>. Opening a store runs every migration from its
/// version up to <see cref="Version"/>, each in its own transaction with the version bump, so a crash mid-way leaves
/// a store at a whole version. A store of a newer version than this build knows is refused, never written.</remarks>
internal static class Schema
{
    /// <summary>The schema version this build writes.</summary>
    public const int Version = 3;

    /// <summary>Migrations[v] takes a store from version v to v + 1.</summary>
    /// <remarks>Version 0 is a store from before versioning (or a new file): creating whatever is missing brings it
    /// to version 1. A later change appends its own step here; steps are never edited once released.</remarks>
    private static readonly string[] Migrations = [Create, Evaluations, Audit];

    /// <summary>Brings a store opened for writing up to <see cref="Version"/>.</summary>
    /// <exception cref="SchemaVersionException">The store is newer than this build.</exception>
    public static async Task MigrateAsync(SqliteConnection c, string path, CancellationToken ct)
    {
        var current = await VersionOfAsync(c, path, ct).ConfigureAwait(false);
        for (var v = current; v < Version; v++)
        {
            await using var tx = (SqliteTransaction)await c.BeginTransactionAsync(ct).ConfigureAwait(false);
            await using (var cmd = c.CreateCommand())
            {
                cmd.Transaction = tx;
                cmd.CommandText = Migrations[v] + $"\nPRAGMA user_version = {v + 1};";
                await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            }
            await tx.CommitAsync(ct).ConfigureAwait(false);
        }
    }

    /// <summary>Reads a store's schema version, refusing one newer than this build.</summary>
    /// <exception cref="SchemaVersionException">The store is newer than this build.</exception>
    public static async Task<int> VersionOfAsync(SqliteConnection c, string path, CancellationToken ct)
    {
        await using var cmd = c.CreateCommand();
        cmd.CommandText = "PRAGMA user_version;";
        var version = Convert.ToInt32(await cmd.ExecuteScalarAsync(ct).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
        return version > Version ? throw new SchemaVersionException(path, version, Version) : version;
    }

    /// <summary>Version 3: the audit log of control actions, a hash chain numbered by <c>seq</c> (see <see cref="Abstractions.Audit.AuditChain"/>).</summary>
    public const string Audit = """
        CREATE TABLE IF NOT EXISTS audit(
            seq INTEGER PRIMARY KEY, at TEXT NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL, instance_id TEXT,
            body TEXT NOT NULL, prev TEXT NOT NULL, hash TEXT NOT NULL);
        CREATE INDEX IF NOT EXISTS audit_at ON audit(at);
        CREATE INDEX IF NOT EXISTS audit_actor ON audit(actor, seq);
        CREATE INDEX IF NOT EXISTS audit_instance ON audit(instance_id, seq);
        """;

    /// <summary>Version 2: quality-gate results per evaluation subject, newest by <c>seq</c>, once per attempt key.</summary>
    public const string Evaluations = """
        CREATE TABLE IF NOT EXISTS evaluations(
            seq INTEGER PRIMARY KEY AUTOINCREMENT, subject TEXT NOT NULL, key TEXT NOT NULL, result TEXT NOT NULL,
            data TEXT NOT NULL, UNIQUE(subject, key));
        CREATE INDEX IF NOT EXISTS ix_evaluations_subject ON evaluations(subject, seq);
        """;

    public const string Create = """
        CREATE TABLE IF NOT EXISTS definitions(
            hash TEXT PRIMARY KEY, kind TEXT NOT NULL, name TEXT NOT NULL, version TEXT NOT NULL,
            file_name TEXT NOT NULL, content TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS instances(
            id TEXT PRIMARY KEY, name TEXT NOT NULL, status TEXT NOT NULL, definition_hash TEXT NOT NULL,
            catalog_hash TEXT, seq INTEGER NOT NULL, state TEXT NOT NULL,
            created_at TEXT NOT NULL, updated_at TEXT NOT NULL, completed_at TEXT);
        CREATE INDEX IF NOT EXISTS ix_instances_created ON instances(created_at);
        CREATE INDEX IF NOT EXISTS ix_instances_status ON instances(status);
        CREATE TABLE IF NOT EXISTS steps(
            instance_id TEXT NOT NULL, step_id TEXT NOT NULL, status TEXT NOT NULL, state TEXT NOT NULL,
            PRIMARY KEY(instance_id, step_id)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS history(
            instance_id TEXT NOT NULL, seq INTEGER NOT NULL, kind TEXT NOT NULL, at TEXT NOT NULL, event TEXT NOT NULL,
            PRIMARY KEY(instance_id, seq)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS work(
            id TEXT PRIMARY KEY, instance_id TEXT NOT NULL, kind TEXT NOT NULL, due_at INTEGER NOT NULL,
            payload TEXT NOT NULL, lease_owner TEXT, lease_until INTEGER, dequeue_count INTEGER NOT NULL DEFAULT 0);
        CREATE INDEX IF NOT EXISTS ix_work_kind_due ON work(kind, due_at);
        CREATE TABLE IF NOT EXISTS secrets(name TEXT PRIMARY KEY, value BLOB NOT NULL) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS payloads(hash TEXT PRIMARY KEY, content TEXT NOT NULL) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS registry(
            kind TEXT NOT NULL, name TEXT NOT NULL, version TEXT NOT NULL, hash TEXT NOT NULL, created_at TEXT NOT NULL,
            active INTEGER NOT NULL DEFAULT 0, retired INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY(kind, name, version)) WITHOUT ROWID;
        """;
}

/// <summary>Thrown when a store was written by a newer Baton whose schema this build does not know; nothing is changed.</summary>
public sealed class SchemaVersionException(string path, int found, int supported)
    : Exception($"The Baton database '{path}' has schema version {found}, newer than this Baton supports ({supported}). " +
        "Use the newer Baton that wrote it, or another database file.")
{
    /// <summary>The version found in the file.</summary>
    public int Found { get; } = found;

    /// <summary>The newest version this build knows.</summary>
    public int Supported { get; } = supported;
}
