using System.Globalization;
using Azure;
using Azure.Storage.Blobs.Models;
using Baton.Abstractions;

namespace Baton.Durable;

/// <summary>The registry of named versions over the Blob layout, so the control plane's registry routes work on the Durable backend.</summary>
public sealed partial class BlobDefinitionStore : IRegistryStore
{
    /// <inheritdoc />
    public Task SaveDefinitionAsync(StoredDefinition definition, CancellationToken cancellationToken) => SaveAsync(definition, cancellationToken);

    /// <inheritdoc />
    public Task<StoredDefinition?> GetDefinitionAsync(string hash, CancellationToken cancellationToken) => GetAsync(hash, cancellationToken);

    /// <inheritdoc />
    public async Task<RegistryEntry> RegisterAsync(string kind, string name, string version, string hash, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var path = VersionPath(kind, name, version);
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal) { ["hash"] = hash, ["created"] = now.UtcDateTime.ToString("O", CultureInfo.InvariantCulture) };
        if (!await CreateOnceAsync(path, BinaryData.FromString(hash), cancellationToken, metadata).ConfigureAwait(false)
            && (await ReadAsync(path, cancellationToken).ConfigureAwait(false))?.ToString() != hash)
        {
            throw new VersionConflictException(kind, name, version);
        }
        await CreateOnceAsync(ActivePath(kind, name), BinaryData.FromString(version), cancellationToken).ConfigureAwait(false);
        return (await ListRegistryAsync(kind, name, cancellationToken).ConfigureAwait(false)).FirstOrDefault(e => e.Version == version)
            // Not listed: a version that is not one path segment, which only a caller bypassing the registry's checks can store.
            ?? new RegistryEntry(kind, name, version, hash, now, false, false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<RegistryEntry>> ListRegistryAsync(string kind, string? name, CancellationToken cancellationToken)
    {
        var root = $"registry/{kind}/";
        var versions = new List<(string Name, string Version, BlobItem Item)>();
        var actives = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var item in await BlobsUnderAsync(name is null ? root : $"{root}{name}", cancellationToken).ConfigureAwait(false))
        {
            var rest = item.Name[root.Length..];
            var slash = rest.LastIndexOf('/');
            if (slash > 0 && (name is null || rest[..slash] == name) && rest.IndexOf('/') == slash)
            {
                versions.Add((rest[..slash], rest[(slash + 1)..], item));
            }
            else if (slash < 0 && rest.EndsWith(".active", StringComparison.Ordinal) && (name is null || rest == name + ".active"))
            {
                actives[rest[..^".active".Length]] = (await ReadAsync(item.Name, cancellationToken).ConfigureAwait(false))?.ToString() ?? "";
            }
        }
        var entries = new List<RegistryEntry>();
        foreach (var (entryName, version, item) in versions)
        {
            var hash = item.Metadata.TryGetValue("hash", out var h) ? h : (await ReadAsync(item.Name, cancellationToken).ConfigureAwait(false))?.ToString() ?? "";
            var created = item.Metadata.TryGetValue("created", out var c) && DateTimeOffset.TryParse(c, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at)
                ? at : item.Properties.CreatedOn ?? DateTimeOffset.MinValue;
            var retired = item.Metadata.TryGetValue("retired", out var r) && r == "true";
            entries.Add(new RegistryEntry(kind, entryName, version, hash, created, actives.GetValueOrDefault(entryName) == version && !retired, retired));
        }
        return [.. entries.OrderBy(e => e.Name, StringComparer.Ordinal).ThenBy(e => e.CreatedAt).ThenBy(e => e.Version, StringComparer.Ordinal)];
    }

    /// <inheritdoc />
    public async Task<bool> ActivateAsync(string kind, string name, string version, CancellationToken cancellationToken)
    {
        if ((await ListRegistryAsync(kind, name, cancellationToken).ConfigureAwait(false)).FirstOrDefault(e => e.Version == version) is not { Retired: false })
        {
            return false;
        }
        await container.GetBlobClient(ActivePath(kind, name)).UploadAsync(BinaryData.FromString(version), overwrite: true, cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <inheritdoc />
    public async Task<bool> RetireAsync(string kind, string name, string version, CancellationToken cancellationToken)
    {
        if ((await ListRegistryAsync(kind, name, cancellationToken).ConfigureAwait(false)).FirstOrDefault(e => e.Version == version) is not { } entry)
        {
            return false;
        }
        var blob = container.GetBlobClient(VersionPath(kind, name, version));
        await blob.SetMetadataAsync(new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["hash"] = entry.Hash,
            ["created"] = entry.CreatedAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
            ["retired"] = "true",
        }, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (entry.Active)
        {
            try
            {
                await container.GetBlobClient(ActivePath(kind, name)).DeleteIfExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            catch (RequestFailedException ex) when (ex.Status == 404)
            {
                // Another worker retired it at the same time.
            }
        }
        return true;
    }

    /// <inheritdoc />
    public async Task<bool> RemoveAsync(string kind, string name, string version, CancellationToken cancellationToken)
    {
        var removed = (await container.GetBlobClient(VersionPath(kind, name, version)).DeleteIfExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false)).Value;
        if ((await ReadAsync(ActivePath(kind, name), cancellationToken).ConfigureAwait(false))?.ToString() == version)
        {
            await container.GetBlobClient(ActivePath(kind, name)).DeleteIfExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        return removed;
    }

    /// <summary>Every blob under a prefix, with its metadata; blobs whose names a listing cannot carry are left out.</summary>
    /// <remarks>A listing is XML, and a name with a character XML cannot hold (a NUL, stored before versions were checked)
    /// makes Azurite fail the whole response. Then the prefix is listed a level at a time, and a level that still fails is
    /// narrowed by each character of the names' alphabet, so only the unlistable names drop out: a few failed requests and
    /// a few hundred quick ones, and only while such an entry exists (<see cref="RemoveAsync"/> deletes one by its name).</remarks>
    private async Task<List<BlobItem>> BlobsUnderAsync(string prefix, CancellationToken ct, int depth = 0)
    {
        var items = new List<BlobItem>();
        try
        {
            await foreach (var item in container.GetBlobsAsync(BlobTraits.Metadata, BlobStates.None, prefix, ct).ConfigureAwait(false))
            {
                items.Add(item);
            }
            return items;
        }
        catch (System.Xml.XmlException) when (depth < MaxNarrowing)
        {
            items.Clear();
        }
        catch (System.Xml.XmlException)
        {
            return [];
        }
        try
        {
            await foreach (var level in container.GetBlobsByHierarchyAsync(BlobTraits.Metadata, BlobStates.None, "/", prefix, ct).ConfigureAwait(false))
            {
                items.AddRange(level.IsBlob ? [level.Blob] : await BlobsUnderAsync(level.Prefix, ct, depth + 1).ConfigureAwait(false));
            }
            return items;
        }
        catch (System.Xml.XmlException)
        {
            items.Clear();
        }
        foreach (var c in ListingAlphabet)
        {
            items.AddRange(await BlobsUnderAsync(prefix + c, ct, depth + 1).ConfigureAwait(false));
        }
        return items;
    }

    private const int MaxNarrowing = 80;

    private const string ListingAlphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_.+-";

    private static string VersionPath(string kind, string name, string version) => $"registry/{kind}/{name}/{version}";

    private static string ActivePath(string kind, string name) => $"registry/{kind}/{name}.active";
}
