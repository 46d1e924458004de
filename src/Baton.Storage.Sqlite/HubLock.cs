namespace Baton.Storage.Sqlite;

/// <summary>An exclusive OS file lock beside the database, so only one process hosts the hub at a time.</summary>
/// <remarks>The operating system drops the lock when its holder dies, even by SIGKILL, so a restarted host can
/// take over at once and release the dead host's leases.</remarks>
internal sealed class HubLock : IDisposable
{
    private readonly FileStream _stream;

    private HubLock(FileStream stream) => _stream = stream;

    public static HubLock Acquire(string databasePath)
    {
        var path = databasePath + ".lock";
        try
        {
            return new HubLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
        }
        catch (IOException ex)
        {
            throw new StoreLockedException($"Another Baton process is using '{databasePath}' (lock file '{path}' is held).", ex);
        }
    }

    public void Dispose() => _stream.Dispose();
}

/// <summary>Thrown when another process already hosts the hub on the same database.</summary>
public sealed class StoreLockedException(string message, Exception inner) : Exception(message, inner);
