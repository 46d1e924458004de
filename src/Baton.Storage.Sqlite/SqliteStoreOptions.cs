namespace Baton.Storage.Sqlite;

/// <summary>Settings of the embedded SQLite store.</summary>
/// <remarks><see cref="Synchronous"/> FULL (the default) fsyncs every commit, so a committed transition survives
/// power loss; NORMAL survives a process crash but not power loss.</remarks>
public sealed record SqliteStoreOptions(string Path)
{
    /// <summary>The SQLite synchronous setting: FULL or NORMAL.</summary>
    public string Synchronous { get; init; } = "FULL";

    /// <summary>Open for reading only: no lock is taken and nothing is written.</summary>
    public bool ReadOnly { get; init; }

    /// <summary>JSON larger than this many bytes is kept once in the payloads table and referenced by hash.</summary>
    public int PayloadThreshold { get; init; } = 45 * 1024;
}
