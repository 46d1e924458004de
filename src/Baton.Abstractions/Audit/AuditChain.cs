using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Baton.Abstractions.Audit;

/// <summary>The audit log's hash chain: how a record becomes the text that is hashed, how entries link, and how a log is verified.</summary>
/// <remarks>Each entry's hash is SHA-256 over the previous entry's hash, a newline, and the entry's body: the record as
/// compact JSON with its keys in a fixed order and its sequence number inside. Changing a body, removing or reordering
/// entries, or changing a stored hash breaks the chain at that entry. Rewriting every entry after a point is only
/// detectable against a copy of a later hash kept elsewhere (the head hash <c>baton audit --verify</c> prints).</remarks>
public static class AuditChain
{
    /// <summary>The previous hash of the first entry.</summary>
    public static readonly string Genesis = new('0', 64);

    /// <summary>The canonical JSON of a record at a sequence number.</summary>
    public static string Body(long sequence, AuditRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return new JsonObject
        {
            ["seq"] = sequence,
            ["at"] = record.At.ToUniversalTime().ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            ["actorKind"] = record.ActorKind,
            ["actor"] = record.Actor,
            ["tenant"] = record.Tenant,
            ["from"] = record.From,
            ["action"] = record.Action,
            ["instanceId"] = record.InstanceId,
            ["workflow"] = record.Workflow,
            ["version"] = record.Version,
            ["outcome"] = record.Outcome,
            ["detail"] = record.Detail?.DeepClone(),
        }.ToJsonString();
    }

    /// <summary>The record a body holds.</summary>
    public static AuditRecord Read(string body)
    {
        var o = JsonNode.Parse(body)!.AsObject();
        return new AuditRecord(DateTimeOffset.Parse((string)o["at"]!, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.RoundtripKind),
            (string)o["actorKind"]!, (string)o["actor"]!, (string?)o["tenant"], (string?)o["from"], (string)o["action"]!, (string?)o["instanceId"],
            (string?)o["workflow"], (string?)o["version"], (int)o["outcome"]!, o["detail"] as JsonObject);
    }

    /// <summary>The hash of an entry with this body after an entry of <paramref name="previousHash"/>.</summary>
    public static string Hash(string previousHash, string body) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(previousHash + "\n" + body)));

    /// <summary>The entry a record becomes after the entry <paramref name="previous"/> (null: it is the first).</summary>
    public static AuditEntry Next(AuditEntry? previous, AuditRecord record)
    {
        var sequence = (previous?.Sequence ?? 0) + 1;
        var body = Body(sequence, record);
        var prev = previous?.Hash ?? Genesis;
        return new AuditEntry(sequence, body, prev, Hash(prev, body));
    }

    /// <summary>Checks a whole log, read page by page from the start: every entry numbered one after the last, linked to its
    /// hash, with its own hash over its body, and its body naming its own number.</summary>
    /// <returns>The entries checked and the last hash, or where and why the chain breaks.</returns>
    public static async Task<(bool Verified, long Entries, string Head, long? BrokenAt, string? Reason)> VerifyAsync(IAuditLog log, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(log);
        var (expected, previous) = (1L, Genesis);
        while (true)
        {
            var page = await log.QueryAsync(new AuditQuery(AfterSequence: expected - 1, MaxCount: 1000), cancellationToken).ConfigureAwait(false);
            if (page.Count == 0)
            {
                return (true, expected - 1, previous, null, null);
            }
            foreach (var e in page)
            {
                var problem = e.Sequence != expected ? $"entry {expected} is missing (the next is {e.Sequence})"
                    : e.PreviousHash != previous ? $"entry {e.Sequence} does not follow the hash of entry {e.Sequence - 1}"
                    : Hash(e.PreviousHash, e.Body) != e.Hash ? $"entry {e.Sequence}'s content does not match its hash"
                    : JsonNode.Parse(e.Body)?["seq"]?.GetValue<long>() != e.Sequence ? $"entry {e.Sequence}'s content names another number"
                    : null;
                if (problem is not null)
                {
                    return (false, expected - 1, previous, expected, problem);
                }
                (expected, previous) = (expected + 1, e.Hash);
            }
        }
    }
}
