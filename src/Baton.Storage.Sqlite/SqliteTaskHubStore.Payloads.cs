using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Baton.Core.Engine;
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

    /// <summary>The instance header to store: the state without its steps (stored per step) and without its large parts
    /// (input, variables, output), which are kept once each in the payloads table and named by <c>{part}Payload</c>.</summary>
    /// <remarks>The header changes with every commit; were a large input in it, each commit of a long instance would keep
    /// another copy of it and the store would grow with the square of the instance's length. The parts change rarely
    /// (input never), and a part stored again with the same content is not stored twice.</remarks>
    /// <remarks><paramref name="stored"/> collects the parts this transaction wrote, to remember once it commits.</remarks>
    private async Task<string> HeaderAsync(SqliteConnection c, SqliteTransaction tx, InstanceState state, List<(JsonNode, string)> stored, CancellationToken ct)
    {
        // The parts are left out of the serialized header and spliced in as text: a part is serialized (and, when large,
        // hashed and stored) once per JsonNode the engine hands from state to state, not once per commit.
        var json = new StringBuilder(JsonSerializer.Serialize(state with { Steps = state.Steps.Clear(), Input = null, Variables = null!, Output = null }, EngineJson.Options));
        json.Length--;
        foreach (var (name, value) in new[] { ("input", state.Input), ("variables", (JsonNode?)state.Variables), ("output", state.Output) })
        {
            if (value is null)
            {
                continue;
            }
            if (!_storedParts.TryGetValue(value, out var reference))
            {
                var text = _inlineParts.GetValue(value, v => v.ToJsonString());
                if (Encoding.UTF8.GetByteCount(text) <= _options.PayloadThreshold)
                {
                    json.Append(",\"").Append(name).Append("\":").Append(text);
                    continue;
                }
                reference = await OffloadAsync(c, tx, text, ct).ConfigureAwait(false);
                stored.Add((value, reference));
            }
            json.Append(",\"").Append(name).Append("Payload\":\"").Append(reference.AsSpan(PayloadMarker.Length)).Append('"');
        }
        return await OffloadAsync(c, tx, json.Append('}').ToString(), ct).ConfigureAwait(false);
    }

    /// <summary>Reads a header stored by <see cref="HeaderAsync"/>, putting its parts back.</summary>
    private static async Task<InstanceState> ReadHeaderAsync(SqliteConnection c, string stored, CancellationToken ct)
    {
        var header = (JsonObject)JsonNode.Parse(await ResolveAsync(c, stored, ct).ConfigureAwait(false))!;
        foreach (var part in HeaderParts)
        {
            if (header[part + "Payload"] is JsonValue hash)
            {
                header.Remove(part + "Payload");
                header[part] = JsonNode.Parse(await ResolveAsync(c, PayloadMarker + hash.GetValue<string>(), ct).ConfigureAwait(false));
            }
        }
        return header.Deserialize<InstanceState>(EngineJson.Options) ?? throw new InvalidDataException("Stored InstanceState is empty.");
    }

    private static readonly string[] HeaderParts = ["input", "variables", "output"];

    // Parts already in the payloads table, by the very JsonNode the engine keeps in its states. A reference held only
    // in memory: a purge removes payloads, so after one the part is simply stored again (content-addressed) if used.
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<JsonNode, string> _storedParts = new();

    // The JSON text of parts already serialized, by the same JsonNode: the engine never changes a node it has handed on.
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<JsonNode, string> _inlineParts = new();
}
