using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Baton.Abstractions;

namespace Baton.Durable;

/// <summary>The engine events of an instance's ended executions, kept in the hub's Blob container, because the Durable Task
/// Framework keeps only the latest execution's history.</summary>
/// <remarks>One blob per ended execution, <c>instances/{id}/history/{first sequence:D19}.json</c>, written by the execution
/// that carries on (<see cref="DurableNames.KeepHistory"/>) before it does anything else; writing it again (a replayed
/// activity) writes the same content. Purging the instance deletes them with its other blobs. A workflow that started over
/// deletes the kept events before its restart, as the embedded hub compacts its history then.</remarks>
public sealed class DurableHistoryLog(BlobContainerClient container)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Keeps one ended execution's events; with <paramref name="compactBefore"/>, deletes kept events before it.</summary>
    public async Task KeepAsync(string instanceId, IReadOnlyList<HistoryEntry> entries, long? compactBefore, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entries);
        if (compactBefore is { } before)
        {
            await foreach (var blob in container.GetBlobsAsync(new GetBlobsOptions { Prefix = Prefix(instanceId) }, cancellationToken).ConfigureAwait(false))
            {
                if (FirstOf(blob.Name) < before)
                {
                    await container.DeleteBlobIfExistsAsync(blob.Name, cancellationToken: cancellationToken).ConfigureAwait(false);
                }
            }
        }
        if (entries.Count == 0)
        {
            return;
        }
        var name = Prefix(instanceId) + entries[0].Sequence.ToString("D19", CultureInfo.InvariantCulture) + ".json";
        await container.GetBlobClient(name).UploadAsync(BinaryData.FromObjectAsJson(entries, Json), overwrite: true, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The kept events of an instance, in order; empty when none were kept.</summary>
    public async Task<List<HistoryEntry>> ReadAsync(string instanceId, CancellationToken cancellationToken)
    {
        var all = new SortedDictionary<long, HistoryEntry>();
        await foreach (var blob in container.GetBlobsAsync(new GetBlobsOptions { Prefix = Prefix(instanceId) }, cancellationToken).ConfigureAwait(false))
        {
            try
            {
                var content = (await container.GetBlobClient(blob.Name).DownloadContentAsync(cancellationToken).ConfigureAwait(false)).Value.Content;
                foreach (var entry in content.ToObjectFromJson<List<HistoryEntry>>(Json) ?? [])
                {
                    all[entry.Sequence] = entry;
                }
            }
            catch (RequestFailedException ex) when (ex.Status == 404)
            {
                // Deleted by a compaction between the listing and the read.
            }
        }
        return [.. all.Values];
    }

    private static string Prefix(string instanceId) => $"instances/{instanceId}/history/";

    private static long FirstOf(string blobName) =>
        long.TryParse(Path.GetFileNameWithoutExtension(blobName), NumberStyles.None, CultureInfo.InvariantCulture, out var first) ? first : long.MaxValue;
}
