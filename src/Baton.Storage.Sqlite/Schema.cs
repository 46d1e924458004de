namespace Baton.Storage.Sqlite;

/// <summary>The tables of the embedded store.</summary>
internal static class Schema
{
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
