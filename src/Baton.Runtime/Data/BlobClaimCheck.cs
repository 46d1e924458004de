using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Baton.Core;

namespace Baton.Runtime.Data;

/// <summary>Keeps large step data in Blob storage and lets a small <see cref="ValueReference"/> travel through the
/// engine's state and the backend's history instead (the claim-check pattern).</summary>
/// <remarks>A value whose JSON is over <see cref="Threshold"/> bytes is stored as <c>instances/{instance}/values/{sha256}.json</c>:
/// content-addressed within its instance, so a retried write stores nothing new, and removed with the instance by
/// <see cref="PurgeAsync"/>. An object keeps its small fields inline and only its large ones become references, so
/// expressions can still branch on the small ones. <see cref="ResolveAsync"/> puts values back and accepts only
/// references to the same instance's blobs whose content still hashes to the reference's hash, so a reference
/// forged into an input cannot read another instance's data.</remarks>
public sealed class BlobClaimCheck(BlobContainerClient container, int threshold = BlobClaimCheck.DefaultThreshold)
{
    /// <summary>The size above which a value is kept in Blob storage: 32 KiB.</summary>
    public const int DefaultThreshold = 32 * 1024;

    // A field smaller than this is never worth a reference (which is itself about 150 bytes).
    private const int SmallestOffloaded = 1024;

    /// <summary>Reads a threshold from the setting <paramref name="setting"/>: unset gives <see cref="DefaultThreshold"/>.</summary>
    /// <exception cref="FormatException">The text is not a positive whole number of bytes; the message names the setting.</exception>
    public static int ParseThreshold(string setting, string? text) =>
        string.IsNullOrEmpty(text)
            ? DefaultThreshold
            : int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var bytes) && bytes > 0
                ? bytes
                : throw new FormatException($"The setting {setting} is '{text}'; it must be a positive number of bytes (unset, it is {DefaultThreshold}).");

    /// <summary>Values whose JSON is larger than this many bytes are kept in Blob storage.</summary>
    public int Threshold { get; } = threshold > 0 ? threshold : throw new ArgumentOutOfRangeException(nameof(threshold), "The claim-check threshold must be positive.");

    /// <summary>The container the values are kept in.</summary>
    public BlobContainerClient Container => container;

    /// <summary>Creates the container if it is missing.</summary>
    /// <exception cref="StorageUnavailableException">Storage cannot be reached; the message says how to start or configure it.</exception>
    public Task EnsureAsync(CancellationToken cancellationToken) => EnsureContainerAsync(container, cancellationToken);

    /// <summary>Creates a container if it is missing, turning an unreachable account into a <see cref="StorageUnavailableException"/>.</summary>
    /// <exception cref="StorageUnavailableException">Storage cannot be reached; the message says how to start or configure it.</exception>
    public static async Task EnsureContainerAsync(BlobContainerClient container, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(container);
        try
        {
            await container.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is Azure.RequestFailedException or HttpRequestException or AggregateException or TimeoutException)
        {
            throw StorageUnavailableException.For(container.Uri, ex);
        }
    }

    /// <summary>Returns <paramref name="value"/> with what is over the threshold replaced by references to stored blobs.</summary>
    public async Task<JsonNode?> OffloadAsync(string instanceId, JsonNode? value, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        var whole = JsonSerializer.SerializeToUtf8Bytes(value);
        if (whole.Length <= Threshold || ValueReference.IsReference(value))
        {
            return value;
        }
        if (value is JsonObject obj)
        {
            var fields = obj.Select(p => (p.Key, Json: JsonSerializer.SerializeToUtf8Bytes(p.Value))).ToList();
            var remaining = (long)whole.Length;
            var offloaded = new Dictionary<string, JsonNode>(StringComparer.Ordinal);
            foreach (var (key, json) in fields.Where(f => f.Json.Length >= SmallestOffloaded && !ValueReference.IsReference(obj[f.Key])).OrderByDescending(f => f.Json.Length))
            {
                if (remaining <= Threshold)
                {
                    break;
                }
                var reference = await StoreAsync(instanceId, json, obj[key], cancellationToken).ConfigureAwait(false);
                offloaded[key] = reference;
                remaining -= json.Length - JsonSerializer.SerializeToUtf8Bytes(reference).Length;
            }
            if (remaining <= Threshold)
            {
                var kept = new JsonObject();
                foreach (var (key, _) in fields)
                {
                    kept[key] = offloaded.TryGetValue(key, out var r) ? r : obj[key]?.DeepClone();
                }
                return kept;
            }
        }
        return await StoreAsync(instanceId, whole, value, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Returns <paramref name="value"/> with every reference to this instance's data replaced by the value it stands for.</summary>
    /// <param name="instanceId">The instance whose data the references must name.</param>
    /// <param name="value">The value to read back.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <param name="lenient">For display: a reference that cannot be read back stays as it is, with an <c>error</c> member
    /// saying why, instead of failing the whole read (one bad value never makes an instance unreadable).</param>
    /// <exception cref="ClaimCheckException">Not lenient, and a reference names another instance's data, its blob is gone, or its content does not match its hash.</exception>
    public async Task<JsonNode?> ResolveAsync(string instanceId, JsonNode? value, CancellationToken cancellationToken, bool lenient = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        switch (value)
        {
            case JsonObject o when ValueReference.IsReference(o):
                try
                {
                    return await ReadAsync(instanceId, o, cancellationToken).ConfigureAwait(false);
                }
                catch (ClaimCheckException ex) when (lenient)
                {
                    var shown = (JsonObject)o.DeepClone();
                    shown["error"] = ex.Message;
                    return shown;
                }
            case JsonObject o:
                var resolved = new JsonObject();
                foreach (var (key, child) in o.ToList())
                {
                    resolved[key] = await ResolveAsync(instanceId, child, cancellationToken, lenient).ConfigureAwait(false);
                }
                return resolved;
            case JsonArray a:
                var items = new JsonArray();
                foreach (var child in a.ToList())
                {
                    items.Add(await ResolveAsync(instanceId, child, cancellationToken, lenient).ConfigureAwait(false));
                }
                return items;
            default:
                return value?.DeepClone();
        }
    }

    /// <summary>A value with its references read back through <paramref name="data"/>; the value itself when there is no
    /// store or no reference (what every reader of step data calls, on both backends).</summary>
    /// <exception cref="ClaimCheckException">Not <paramref name="lenient"/>, and a reference cannot be read back.</exception>
    public static async Task<JsonNode?> ReadBackAsync(BlobClaimCheck? data, string instanceId, JsonNode? value, CancellationToken cancellationToken, bool lenient = false) =>
        data is not null && HoldsReferences(value) ? await data.ResolveAsync(instanceId, value, cancellationToken, lenient).ConfigureAwait(false) : value;

    /// <summary>A value with what is over the threshold kept through <paramref name="data"/>; the value itself when there is no store.</summary>
    public static async Task<JsonNode?> KeepAsync(BlobClaimCheck? data, string instanceId, JsonNode? value, CancellationToken cancellationToken) =>
        data is not null && value is not null ? await data.OffloadAsync(instanceId, value, cancellationToken).ConfigureAwait(false) : value;

    /// <summary>True when <paramref name="value"/> holds a reference anywhere (so reading it needs <see cref="ResolveAsync"/>).</summary>
    public static bool HoldsReferences(JsonNode? value) => value switch
    {
        JsonObject o => ValueReference.IsReference(o) || o.Any(p => HoldsReferences(p.Value)),
        JsonArray a => a.Any(HoldsReferences),
        _ => false,
    };

    /// <summary>Why a value from outside (a start's input, event data, a service's report) may not enter an instance: it holds
    /// an object marked <c>$baton.ref</c>, which only Baton writes; null when it holds none.</summary>
    /// <remarks>References are Baton's own claim checks; one sent from outside could name another instance's data, and
    /// though reading it back is refused, it would leave the instance holding a value nobody can read.</remarks>
    public static string? ForeignReferenceProblem(JsonNode? value) =>
        HoldsReferences(value)
            ? $"the value holds an object with the key '{ValueReference.Marker}', which marks Baton's own references to data it keeps in Blob storage; " +
              "send the data itself (large values are kept by reference automatically), or rename that key."
            : null;

    /// <summary>Keeps the engine state a failed instance ended with, so it can be rewound later; replaces any kept before.</summary>
    public Task KeepStateAsync(string instanceId, string state, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        return container.GetBlobClient(StateName(instanceId)).UploadAsync(BinaryData.FromString(state), overwrite: true, cancellationToken);
    }

    /// <summary>The engine state kept by <see cref="KeepStateAsync"/>; null when none was kept.</summary>
    public async Task<string?> ReadStateAsync(string instanceId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        try
        {
            return (await container.GetBlobClient(StateName(instanceId)).DownloadContentAsync(cancellationToken).ConfigureAwait(false)).Value.Content.ToString();
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    /// <summary>Deletes every value and state kept for an instance; returns how many blobs were removed.</summary>
    public async Task<int> PurgeAsync(string instanceId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        var removed = 0;
        await foreach (var blob in container.GetBlobsAsync(new GetBlobsOptions { Prefix = InstancePrefix(instanceId) }, cancellationToken).ConfigureAwait(false))
        {
            var response = await container.DeleteBlobIfExistsAsync(blob.Name, cancellationToken: cancellationToken).ConfigureAwait(false);
            removed += response.Value ? 1 : 0;
        }
        return removed;
    }

    /// <summary>The blob names of the values kept for an instance.</summary>
    public async Task<IReadOnlyList<string>> ListAsync(string instanceId, CancellationToken cancellationToken)
    {
        var names = new List<string>();
        await foreach (var blob in container.GetBlobsAsync(new GetBlobsOptions { Prefix = Prefix(instanceId) }, cancellationToken).ConfigureAwait(false))
        {
            names.Add(blob.Name);
        }
        return names;
    }

    private static string InstancePrefix(string instanceId) => $"instances/{instanceId}/";

    private static string Prefix(string instanceId) => $"{InstancePrefix(instanceId)}values/";

    private static string StateName(string instanceId) => $"{InstancePrefix(instanceId)}rewind-state.json";

    private async Task<JsonObject> StoreAsync(string instanceId, byte[] json, JsonNode? value, CancellationToken cancellationToken)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(json));
        var name = $"{Prefix(instanceId)}{hash}.json";
        try
        {
            await container.GetBlobClient(name).UploadAsync(BinaryData.FromBytes(json), new BlobUploadOptions
            {
                Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
                HttpHeaders = new BlobHttpHeaders { ContentType = "application/json" },
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            // The same content is already there (a retried attempt, or the same value twice in one instance).
        }
        return ValueReference.Create(name, hash, json.Length, KindOf(value), (value as JsonArray)?.Count);
    }

    private async Task<JsonNode?> ReadAsync(string instanceId, JsonObject reference, CancellationToken cancellationToken)
    {
        if (!ValueReference.TryRead(reference, out var name, out var hash))
        {
            throw new ClaimCheckException($"The data reference {reference.ToJsonString()} has no hash.");
        }
        if (!name.StartsWith(Prefix(instanceId), StringComparison.Ordinal) || name.Contains("..", StringComparison.Ordinal))
        {
            throw new ClaimCheckException($"The data reference '{name}' does not belong to instance '{instanceId}'; an instance reads only its own data.");
        }
        BinaryData content;
        try
        {
            content = (await container.GetBlobClient(name).DownloadContentAsync(cancellationToken).ConfigureAwait(false)).Value.Content;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            throw new ClaimCheckException($"The data '{name}' is no longer in container '{container.Name}' (was the instance purged?).");
        }
        var bytes = content.ToMemory();
        if (Convert.ToHexStringLower(SHA256.HashData(bytes.Span)) != hash)
        {
            throw new ClaimCheckException($"The data '{name}' does not match its hash; it was changed after it was written.");
        }
        return JsonNode.Parse(bytes.Span, documentOptions: ValueLimits.ReadOptions);
    }

    private static string KindOf(JsonNode? value) => value switch
    {
        JsonObject => "object",
        JsonArray => "list",
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.String => "string",
            JsonValueKind.Number => "number",
            _ => "value",
        },
        _ => "value",
    };
}
