using System.Globalization;
using System.Text.Json.Nodes;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Baton.Abstractions.Audit;

namespace Baton.Durable;

/// <summary>The Durable backend's audit log: one blob per entry in the hub's container (<c>audit/&lt;seq, 16 digits&gt;.json</c>)
/// and a head blob naming the last one, shared by every worker and function-app instance of the hub.</summary>
/// <remarks>Appends need no lock: a writer reads the head (sequence and hash), creates the next entry's blob only if it does
/// not exist, then moves the head with an ETag condition. A writer that finds the next entry made already (another wrote it
/// and may not have moved the head yet) moves the head for it and tries again, so the head is never more than one entry
/// behind and the chain never forks. Each entry's blob carries its actor, instance, action and time as metadata, so a query
/// reads only the bodies it returns; a query lists every entry's name (5,000 per request), except one by instance, which
/// lists the instance's own index (<c>audit-instance/&lt;id&gt;/&lt;seq&gt;</c>, an empty blob per entry).</remarks>
public sealed class BlobAuditLog(BlobContainerClient container) : IAuditLog
{
    private const string Prefix = "audit/";
    private readonly BlobClient _head = container.GetBlobClient(Prefix + "head.json");

    /// <summary>The head as this writer last moved it, with the head blob's ETag then; null when unknown.</summary>
    /// <remarks>One immutable object swapped whole, so concurrent appends never read an entry with another entry's ETag.</remarks>
    private KnownHead? _known;

    private sealed record KnownHead(AuditEntry Last, ETag Etag);

    /// <inheritdoc />
    /// <remarks>The head this writer moved last is kept with its ETag, so an append from an idle hub reads nothing: creating the
    /// next entry only if it does not exist is what orders writers, and it fails (then the head is read) whenever another writer
    /// went on since. The instance's index entry is written while the head moves.</remarks>
    public async Task<AuditEntry> AppendAsync(AuditRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        var known = _known;
        while (true)
        {
            var (last, etag) = known is { } k ? (k.Last, (ETag?)k.Etag) : await HeadAsync(cancellationToken).ConfigureAwait(false);
            known = null;
            var next = AuditChain.Next(last, record);
            var blob = container.GetBlobClient(Name(next.Sequence));
            try
            {
                await blob.UploadAsync(BinaryData.FromString(next.Body), new BlobUploadOptions
                {
                    Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
                    Metadata = Metadata(next, record),
                }, cancellationToken).ConfigureAwait(false);
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412)
            {
                // Another writer took this number: move the head to its entry, then read the head and try the next number.
                await MoveHeadAsync(await ReadAsync(blob, cancellationToken).ConfigureAwait(false), etag, cancellationToken).ConfigureAwait(false);
                continue;
            }
            var moved = MoveHeadAsync(next, etag, cancellationToken);
            if (record.InstanceId is { } instanceId)
            {
                await container.GetBlobClient(IndexName(instanceId, next.Sequence)).UploadAsync(BinaryData.Empty, overwrite: true, cancellationToken).ConfigureAwait(false);
            }
            _known = await moved.ConfigureAwait(false) is { } headEtag ? new KnownHead(next, headEtag) : null;
            return next;
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<AuditEntry>> QueryAsync(AuditQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var found = new List<AuditEntry>();
        if (query.InstanceId is { } instanceId)
        {
            await foreach (var item in container.GetBlobsAsync(new GetBlobsOptions { Prefix = IndexPrefix(instanceId) }, cancellationToken).ConfigureAwait(false))
            {
                var seq = long.Parse(item.Name.AsSpan(item.Name.LastIndexOf('/') + 1), NumberStyles.None, CultureInfo.InvariantCulture);
                if (seq <= query.AfterSequence)
                {
                    continue;
                }
                var entry = await ReadAsync(container.GetBlobClient(Name(seq)), cancellationToken).ConfigureAwait(false);
                if (query.Matches(entry.Record))
                {
                    found.Add(entry);
                    if (found.Count == query.MaxCount)
                    {
                        break;
                    }
                }
            }
            return found;
        }
        await foreach (var item in container.GetBlobsAsync(new GetBlobsOptions { Prefix = Prefix, Traits = BlobTraits.Metadata }, cancellationToken).ConfigureAwait(false))
        {
            if (Sequence(item.Name) is not { } seq || seq <= query.AfterSequence || !Fits(item.Metadata, query))
            {
                continue;
            }
            var entry = await ReadAsync(container.GetBlobClient(item.Name), cancellationToken).ConfigureAwait(false);
            if (query.Matches(entry.Record))
            {
                found.Add(entry);
                if (found.Count == query.MaxCount)
                {
                    break;
                }
            }
        }
        return found;
    }

    private static bool Fits(IDictionary<string, string> m, AuditQuery q) =>
        (q.Actor is null || m.TryGetValue("actor", out var a) && a == Escape(q.Actor))
        && (q.InstanceId is null || m.TryGetValue("instance", out var i) && i == Escape(q.InstanceId))
        && (q.Action is null || m.TryGetValue("action", out var x) && x == q.Action)
        && (q.From is null && q.To is null || !m.TryGetValue("at", out var at) || DateTimeOffset.Parse(at, CultureInfo.InvariantCulture) is var t && (q.From is null || t >= q.From) && (q.To is null || t <= q.To));

    private async Task<(AuditEntry? Last, ETag? Etag)> HeadAsync(CancellationToken ct)
    {
        try
        {
            var head = await _head.DownloadContentAsync(ct).ConfigureAwait(false);
            var o = JsonNode.Parse(head.Value.Content.ToString())!.AsObject();
            return (new AuditEntry((long)o["seq"]!, (string)o["body"]!, (string)o["prev"]!, (string)o["hash"]!), head.Value.Details.ETag);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return (null, null);
        }
    }

    /// <summary>Moves the head to an entry unless it moved since <paramref name="etag"/>; the head's new ETag, or null when it had moved.</summary>
    private async Task<ETag?> MoveHeadAsync(AuditEntry entry, ETag? etag, CancellationToken ct)
    {
        var body = new JsonObject { ["seq"] = entry.Sequence, ["body"] = entry.Body, ["prev"] = entry.PreviousHash, ["hash"] = entry.Hash }.ToJsonString();
        try
        {
            return (await _head.UploadAsync(BinaryData.FromString(body), new BlobUploadOptions
            {
                Conditions = etag is { } e ? new BlobRequestConditions { IfMatch = e } : new BlobRequestConditions { IfNoneMatch = ETag.All },
            }, ct).ConfigureAwait(false)).Value.ETag;
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            // Someone moved it first; the next look reads where it is now.
            return null;
        }
    }

    private static async Task<AuditEntry> ReadAsync(BlobClient blob, CancellationToken ct)
    {
        var read = await blob.DownloadContentAsync(ct).ConfigureAwait(false);
        var m = read.Value.Details.Metadata;
        return new AuditEntry(Sequence(blob.Name)!.Value, read.Value.Content.ToString(), m["prev"], m["hash"]);
    }

    private static Dictionary<string, string> Metadata(AuditEntry entry, AuditRecord record)
    {
        var m = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["prev"] = entry.PreviousHash,
            ["hash"] = entry.Hash,
            ["actor"] = Escape(record.Actor),
            ["action"] = record.Action,
            ["at"] = record.At.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture),
        };
        if (record.InstanceId is { } id)
        {
            m["instance"] = Escape(id);
        }
        return m;
    }

    /// <summary>A value as blob metadata may hold it (ASCII): base64url of its UTF-8 when it is not plain ASCII.</summary>
    private static string Escape(string value) =>
        value.All(c => c is >= ' ' and <= '~') ? value : "b64:" + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(value)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static string IndexPrefix(string instanceId) => $"audit-instance/{Escape(instanceId)}/";

    private static string IndexName(string instanceId, long sequence) => IndexPrefix(instanceId) + sequence.ToString("D16", CultureInfo.InvariantCulture);

    private static string Name(long sequence) => Prefix + sequence.ToString("D16", CultureInfo.InvariantCulture) + ".json";

    private static long? Sequence(string name) =>
        name.StartsWith(Prefix, StringComparison.Ordinal) && name.EndsWith(".json", StringComparison.Ordinal)
        && long.TryParse(name.AsSpan(Prefix.Length, name.Length - Prefix.Length - 5), NumberStyles.None, CultureInfo.InvariantCulture, out var seq) ? seq : null;
}
