using System.Globalization;
using System.Text.Json.Nodes;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Baton.Runtime.Slo;
using Baton.Abstractions;

namespace Baton.Runtime.Data;

/// <summary>Quality-gate results per subject in Blob storage, for the Durable backend and the function app, where
/// every worker of a hub shares one container.</summary>
/// <remarks>A result is the blob <c>evaluations/{sha256(subject)}/{newest-first stamp}-{result}-{sha256(key)}.json</c>,
/// so one listing gives the order, the result filter and the keys without reading any content. Recording a key
/// that is already listed does nothing (a redelivered attempt), and the blob is written only if absent.</remarks>
public sealed class BlobEvaluationHistory(BlobContainerClient container, TimeProvider time) : IEvaluationHistory
{
    /// <inheritdoc />
    public async Task<IReadOnlyList<JsonObject>> RecentAsync(string subject, IReadOnlyCollection<string>? results, int max, string exceptKey, CancellationToken cancellationToken)
    {
        var except = Hash(exceptKey);
        var list = new List<JsonObject>();
        foreach (var entry in await ListAsync(subject, cancellationToken).ConfigureAwait(false))
        {
            if (list.Count >= max)
            {
                break;
            }
            if (entry.KeyHash == except || (results is not null && !results.Contains(entry.Result)))
            {
                continue;
            }
            var content = await container.GetBlobClient(entry.Name).DownloadContentAsync(cancellationToken).ConfigureAwait(false);
            var data = (JsonObject)JsonNode.Parse(content.Value.Content.ToMemory().Span)!;
            data["id"] ??= entry.KeyHash;
            list.Add(data);
        }
        return list;
    }

    /// <inheritdoc />
    public async Task RecordAsync(string subject, string key, string result, JsonObject evaluation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(evaluation);
        var keyHash = Hash(key);
        if ((await ListAsync(subject, cancellationToken).ConfigureAwait(false)).Any(e => e.KeyHash == keyHash))
        {
            return;
        }
        var stamp = (long.MaxValue - time.GetUtcNow().UtcTicks).ToString("D19", CultureInfo.InvariantCulture);
        var record = (JsonObject)evaluation.DeepClone();
        record["id"] = key;
        try
        {
            await container.GetBlobClient($"{Prefix(subject)}{stamp}-{Safe(result)}-{keyHash}.json")
                .UploadAsync(BinaryData.FromString(record.ToJsonString()), overwrite: false, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            // Written already by an earlier delivery in the same tick.
        }
    }

    private async Task<List<(string Name, string Result, string KeyHash)>> ListAsync(string subject, CancellationToken cancellationToken)
    {
        var prefix = Prefix(subject);
        var entries = new List<(string, string, string)>();
        await foreach (var blob in container.GetBlobsAsync(new GetBlobsOptions { Prefix = prefix }, cancellationToken).ConfigureAwait(false))
        {
            var parts = blob.Name[prefix.Length..^".json".Length].Split('-');
            if (parts.Length == 3)
            {
                entries.Add((blob.Name, parts[1], parts[2]));
            }
        }
        // Names start with a newest-first stamp of fixed width, and listings come in name order.
        entries.Sort((a, b) => string.CompareOrdinal(a.Item1, b.Item1));
        return entries;
    }

    private static string Prefix(string subject) => $"evaluations/{Hash(subject)}/";

    private static string Hash(string text) => ContentHash.Of(text)[..32];

    private static string Safe(string result) => result is "pass" or "warning" or "fail" ? result : "other";
}
