using Baton.Runtime.Data;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Baton.Abstractions;

namespace Baton.Durable;

/// <summary>Definitions, catalogs, the registry of names and versions, and the hub's secrets, in one Blob container.</summary>
/// <remarks>Layout: <c>texts/{hash}.json</c> (the text with its kind, name, version and file name),
/// <c>registry/{kind}/{name}/{version}</c> (the hash a version names; its metadata holds the hash, when it was registered
/// and whether it is retired), <c>registry/{kind}/{name}.active</c> (the active version), <c>secrets/{name}</c>. Every write is create-only (<c>If-None-Match: *</c>), so concurrent workers agree
/// on the first value written and a version, once registered, never changes. Texts are cached in memory: they are
/// content-addressed and never stale.</remarks>
public sealed partial class BlobDefinitionStore(BlobContainerClient container, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, StoredDefinition> _cache = new(StringComparer.Ordinal);

    /// <summary>The Blob client options Baton's containers use: few, quick retries.</summary>
    /// <remarks>An unreachable account is reported in seconds rather than after minutes of backoff, and a listing the
    /// service cannot answer (see <see cref="ListRegistryAsync"/>) is given up on quickly.</remarks>
    public static BlobClientOptions ClientOptions()
    {
        var options = new BlobClientOptions();
        options.Retry.MaxRetries = 3;
        options.Retry.Delay = TimeSpan.FromMilliseconds(200);
        options.Retry.MaxDelay = TimeSpan.FromSeconds(2);
        return options;
    }

    /// <summary>The container underneath.</summary>
    public BlobContainerClient Container => container;

    /// <summary>Creates the container if needed; throws <see cref="StorageUnavailableException"/> with how to fix it when storage cannot be reached.</summary>
    public Task EnsureAsync(CancellationToken cancellationToken) => BlobClaimCheck.EnsureContainerAsync(container, cancellationToken);

    /// <summary>Stores a text under its hash; a no-op when the hash is stored already.</summary>
    public async Task SaveAsync(StoredDefinition definition, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(definition);
        if (_cache.ContainsKey(definition.Hash))
        {
            return;
        }
        await CreateOnceAsync($"texts/{definition.Hash}.json", BinaryData.FromObjectAsJson(definition), cancellationToken).ConfigureAwait(false);
        _cache.TryAdd(definition.Hash, definition);
    }

    /// <summary>Reads a text by hash, or null when none is stored.</summary>
    public async Task<StoredDefinition?> GetAsync(string hash, CancellationToken cancellationToken)
    {
        if (_cache.TryGetValue(hash, out var cached))
        {
            return cached;
        }
        var data = await ReadAsync($"texts/{hash}.json", cancellationToken).ConfigureAwait(false);
        var stored = data?.ToObjectFromJson<StoredDefinition>();
        return stored is null ? null : _cache.GetOrAdd(hash, stored);
    }

    /// <summary>Saves and registers a version of a text (what tests and tools that seed a hub use); the first version of a name becomes active.</summary>
    /// <exception cref="VersionConflictException">That version is registered with other content.</exception>
    public async Task RegisterAsync(StoredDefinition definition, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(definition);
        await SaveAsync(definition, cancellationToken).ConfigureAwait(false);
        await RegisterAsync(definition.Kind, definition.Name, definition.Version, definition.Hash, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The secret of that name, 32 random bytes created by whichever worker asks first.</summary>
    public async Task<byte[]> GetSecretAsync(string name, CancellationToken cancellationToken)
    {
        var path = $"secrets/{name}";
        await CreateOnceAsync(path, BinaryData.FromBytes(RandomNumberGenerator.GetBytes(32)), cancellationToken).ConfigureAwait(false);
        return (await ReadAsync(path, cancellationToken).ConfigureAwait(false))!.ToArray();
    }

    /// <summary>Writes a blob unless it exists; true when this call created it.</summary>
    private async Task<bool> CreateOnceAsync(string path, BinaryData content, CancellationToken ct, IDictionary<string, string>? metadata = null)
    {
        try
        {
            await container.GetBlobClient(path).UploadAsync(content, new BlobUploadOptions
            {
                Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
                Metadata = metadata,
            }, ct).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            return false;
        }
    }

    private async Task<BinaryData?> ReadAsync(string path, CancellationToken ct)
    {
        try
        {
            return (await container.GetBlobClient(path).DownloadContentAsync(ct).ConfigureAwait(false)).Value.Content;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }
}
