using System.Security.Cryptography;

namespace Baton.Storage.Sqlite;

public sealed partial class SqliteTaskHubStore
{
    /// <inheritdoc />
    public Task<byte[]> GetSecretAsync(string name, CancellationToken cancellationToken) =>
        WriteAsync(async c =>
        {
            // INSERT OR IGNORE keeps the first value ever written, so every host on this file agrees on it.
            await using (var insert = Command(c, "INSERT OR IGNORE INTO secrets(name, value) VALUES($name, $value)",
                ("$name", name), ("$value", RandomNumberGenerator.GetBytes(32))))
            {
                await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            await using var select = Command(c, "SELECT value FROM secrets WHERE name = $name", ("$name", name));
            return (byte[])(await select.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        }, cancellationToken);
}
