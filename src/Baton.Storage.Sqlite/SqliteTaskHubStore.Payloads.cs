using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;

namespace Baton.Storage.Sqlite;

public sealed partial class SqliteTaskHubStore
{
    /// <summary>Marks a column value that refers to the payloads table; JSON text never starts with '@'.</summary>
    private const string PayloadMarker = "@payload:";

    /// <summary>Keeps large JSON once, by content hash, and returns what the row should hold instead (claim check).</summary>
    private async Task<string> OffloadAsync(SqliteConnection c, SqliteTransaction tx, string json, CancellationToken ct)
    {
        if (Encoding.UTF8.GetByteCount(json) <= _options.PayloadThreshold)
        {
            return json;
        }
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(json)));
        await RunAsync(c, tx, ct, "INSERT INTO payloads(hash, content) VALUES($h, $c) ON CONFLICT(hash) DO NOTHING",
            ("$h", hash), ("$c", json)).ConfigureAwait(false);
        return PayloadMarker + hash;
    }

    private static async Task<string> ResolveAsync(SqliteConnection c, string stored, CancellationToken ct)
    {
        if (!stored.StartsWith(PayloadMarker, StringComparison.Ordinal))
        {
            return stored;
        }
        await using var cmd = Command(c, "SELECT content FROM payloads WHERE hash=$h", ("$h", stored[PayloadMarker.Length..]));
        return await cmd.ExecuteScalarAsync(ct).ConfigureAwait(false) as string
            ?? throw new InvalidDataException($"Payload {stored} is missing from the store.");
    }
}
