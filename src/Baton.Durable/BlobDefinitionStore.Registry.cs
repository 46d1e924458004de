using System.Globalization;
using Azure;
using Azure.Storage.Blobs.Models;
using Baton.Runtime.Store;

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
        return (await ListRegistryAsync(kind, name, cancellationToken).ConfigureAwait(false)).First(e => e.Version == version);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<RegistryEntry>> ListRegistryAsync(string kind, string? name, CancellationToken cancellationToken)
    {
        var root = $"registry/{kind}/";
        var versions = new List<(string Name, string Version, BlobItem Item)>();
        var actives = new Dictionary<string, string>(StringComparer.Ordinal);
        await foreach (var item in container.GetBlobsAsync(BlobTraits.Metadata, BlobStates.None, name is null ? root : $"{root}{name}", cancellationToken).ConfigureAwait(false))
        {
            var rest = item.Name[root.Length..];
            var slash = rest.LastIndexOf('/');
            if (slash > 0 && (name is null || rest[..slash] == name))
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

    private static string VersionPath(string kind, string name, string version) => $"registry/{kind}/{name}/{version}";

    private static string ActivePath(string kind, string name) => $"registry/{kind}/{name}.active";
}
