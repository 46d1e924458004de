using Baton.Core.Definitions;

namespace Baton.Abstractions;

/// <summary>The one registry of named, versioned workflows and catalogs: registering, listing, activating, retiring, and
/// resolving a name to the version to run, over any <see cref="IRegistryStore"/>.</summary>
/// <remarks>Every start path resolves through <see cref="ResolveAsync"/> (HTTP and Durable-compatible starts, Keptn
/// sequences, <c>workflow</c> steps on both backends, the function app), so one rule holds everywhere: a start that names
/// no version takes the active one; one that names a version takes it unless it is retired. Retired versions start no new
/// instances: not by name, not by a <c>workflow</c> step, not by a fork (<see cref="EnsureForkableAsync"/>); instances
/// already running on them go on, rewinds included. Names and versions are checked before anything is stored, and an
/// entry stored before that check (a version with a '/' or a NUL) is skipped by every read, so it can never break a
/// listing, and <see cref="RetireAsync"/> removes it.</remarks>
public sealed class Registry(IRegistryStore store, TimeProvider time)
{
    /// <summary>How long a start by name trusts a listing it read: a version activated, registered or retired through another
    /// process's registry is seen by this one's starts within this time (at once when done through this one).</summary>
    public static readonly TimeSpan ListingLifetime = TimeSpan.FromSeconds(2);

    /// <summary>The most definitions kept in memory by hash (their content never changes) before the memory is cleared.</summary>
    private const int MaxDefinitionsKept = 512;

    private readonly System.Collections.Concurrent.ConcurrentDictionary<(string Kind, string Name), (DateTimeOffset ReadAt, IReadOnlyList<RegistryEntry> Entries)> _listings = new();
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, StoredDefinition> _definitions = new(StringComparer.Ordinal);

    /// <summary>The store underneath.</summary>
    public IRegistryStore Store => store;

    /// <summary>Saves an upload's text and registers its name and version; returns the entry and whether it is new.</summary>
    /// <exception cref="ProblemException">The name or version is outside its alphabet (400), or the version exists with other content (409).</exception>
    public async Task<(RegistryEntry Entry, bool Created)> RegisterAsync(StoredDefinition upload, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(upload);
        EnsureValid(upload.Kind, upload.Name, upload.Version);
        var before = await FindAsync(upload.Kind, upload.Name, upload.Version, cancellationToken).ConfigureAwait(false);
        await store.SaveDefinitionAsync(upload, cancellationToken).ConfigureAwait(false);
        try
        {
            var entry = await store.RegisterAsync(upload.Kind, upload.Name, upload.Version, upload.Hash, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
            _listings.TryRemove((upload.Kind, upload.Name), out _);
            return (entry, before is null);
        }
        catch (VersionConflictException conflict)
        {
            throw new ProblemException(409, "version-conflict", "That version exists with different content.",
                $"{conflict.Message} Give the new content a new metadata.version.");
        }
    }

    /// <summary>Every usable version of one name, or of all names when <paramref name="name"/> is null, oldest first per name.</summary>
    public async Task<IReadOnlyList<RegistryEntry>> ListAsync(string kind, string? name, CancellationToken cancellationToken) =>
        [.. (await store.ListRegistryAsync(kind, name, cancellationToken).ConfigureAwait(false)).Where(IsUsable)];

    /// <summary>One version's entry, retired or not; null when there is none.</summary>
    public async Task<RegistryEntry?> FindAsync(string kind, string name, string version, CancellationToken cancellationToken) =>
        (await ListAsync(kind, name, cancellationToken).ConfigureAwait(false)).FirstOrDefault(e => e.Version == version);

    /// <summary>The text a version was registered with; null when there is no such version.</summary>
    public async Task<(RegistryEntry Entry, StoredDefinition Definition)?> ReadAsync(string kind, string name, string version, CancellationToken cancellationToken) =>
        await FindAsync(kind, name, version, cancellationToken).ConfigureAwait(false) is { } entry
        && await store.GetDefinitionAsync(entry.Hash, cancellationToken).ConfigureAwait(false) is { } definition
            ? (entry, definition)
            : null;

    /// <summary>The definition a start by name runs: the named version unless retired, else the active one; or why there is none.</summary>
    /// <remarks>The hot path of every start: the listing is read at most once per <see cref="ListingLifetime"/> and the text once
    /// per hash, unless this registry changes it meanwhile.</remarks>
    public async Task<(StoredDefinition? Definition, string? Problem)> ResolveAsync(string kind, string name, string? version, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var entries = _listings.TryGetValue((kind, name), out var known) && now - known.ReadAt < ListingLifetime ? known.Entries : null;
        if (entries is null)
        {
            entries = await ListAsync(kind, name, cancellationToken).ConfigureAwait(false);
            _listings[(kind, name)] = (now, entries);
        }
        var live = version is null ? entries.FirstOrDefault(e => e.Active) : entries.FirstOrDefault(e => e.Version == version && !e.Retired);
        if (live is not null && await DefinitionAsync(live.Hash, cancellationToken).ConfigureAwait(false) is { } definition)
        {
            return (definition, null);
        }
        var label = kind == "workflow" ? "Workflow" : "Catalog";
        return (null, (entries.Count, version is null ? null : entries.FirstOrDefault(e => e.Version == version)) switch
        {
            (0, _) => $"No {kind} '{name}' is registered.",
            (_, { Retired: true }) => $"{label} '{name}' version '{version}' is retired; retired versions start no new instances. " +
                "Start another version, or register this content again under a new version.",
            _ when version is not null => $"{label} '{name}' has no version '{Names.Printable(version)}'.",
            _ => $"{label} '{name}' has no active version (it was retired). Activate a version with POST .../versions/{{version}}/activate.",
        });
    }

    /// <summary>Makes a version the active one of its name.</summary>
    /// <exception cref="ProblemException">No such version (404), or it is retired (409).</exception>
    public async Task<RegistryEntry> ActivateAsync(string kind, string name, string version, CancellationToken cancellationToken)
    {
        var entry = await FindAsync(kind, name, version, cancellationToken).ConfigureAwait(false) ?? throw NotFound(kind, name, version);
        if (entry.Retired)
        {
            throw new ProblemException(409, "version-retired", "A retired version cannot be activated.",
                $"{kind} '{name}' version '{version}' is retired. Register its content again under a new version, and activate that.");
        }
        await store.ActivateAsync(kind, name, version, cancellationToken).ConfigureAwait(false);
        _listings.TryRemove((kind, name), out _);
        return entry with { Active = true };
    }

    /// <summary>Retires a version, so it starts no new instances; an entry stored with an unusable version is removed instead.</summary>
    /// <returns>False when there is no such version.</returns>
    public async Task<bool> RetireAsync(string kind, string name, string version, CancellationToken cancellationToken)
    {
        var unescaped = Uri.UnescapeDataString(version);
        var retired = !Names.IsValidVersion(unescaped)
            // Stored before versions were checked: it can never run, and a provider may not list it, so it goes by its key.
            ? await store.RemoveAsync(kind, name, unescaped, cancellationToken).ConfigureAwait(false)
            : await FindAsync(kind, name, version, cancellationToken).ConfigureAwait(false) is not null
                && await store.RetireAsync(kind, name, version, cancellationToken).ConfigureAwait(false);
        _listings.TryRemove((kind, name), out _);
        return retired;
    }

    /// <summary>Refuses a fork of an instance whose workflow version is registered and retired: a fork is a new instance.</summary>
    /// <exception cref="ProblemException">409 <c>version-retired</c>.</exception>
    public async Task EnsureForkableAsync(string name, string version, CancellationToken cancellationToken)
    {
        if (await FindAsync("workflow", name, version, cancellationToken).ConfigureAwait(false) is { Retired: true })
        {
            throw new ProblemException(409, "version-retired", "The instance's workflow version is retired.",
                $"Workflow '{name}' version '{version}' is retired; retired versions start no new instances, forks included. " +
                "Start the active version with the input you want instead.");
        }
    }

    /// <summary>Throws a 400 problem when a name or version is outside its alphabet.</summary>
    /// <exception cref="ProblemException">400 <c>invalid-name</c> or <c>invalid-version</c>.</exception>
    public static void EnsureValid(string kind, string name, string version)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(version);
        if (!Names.IsValidName(name))
        {
            throw new ProblemException(400, "invalid-name", $"The {kind} name is invalid.", $"'{Names.Printable(name)}' is not a valid {kind} name. {Names.NameRule}");
        }
        if (!Names.IsValidVersion(version))
        {
            throw new ProblemException(400, "invalid-version", $"The {kind} version is invalid.", $"'{Names.Printable(version)}' is not a valid version. {Names.VersionRule}");
        }
    }

    /// <summary>404 for a name or version the registry does not hold.</summary>
    public static ProblemException NotFound(string kind, string name, string? version) =>
        new(404, $"{kind}-not-found", $"No such {kind}.",
            version is null ? $"No {kind} named '{Names.Printable(name)}' is registered." : $"{kind} '{Names.Printable(name)}' has no version '{Names.Printable(version)}'.");

    // A text by its content hash: it never changes, so it is read once (the memory is bounded).
    private async Task<StoredDefinition?> DefinitionAsync(string hash, CancellationToken ct)
    {
        if (_definitions.TryGetValue(hash, out var known))
        {
            return known;
        }
        if (await store.GetDefinitionAsync(hash, ct).ConfigureAwait(false) is not { } read)
        {
            return null;
        }
        if (_definitions.Count >= MaxDefinitionsKept)
        {
            _definitions.Clear();
        }
        return _definitions.GetOrAdd(hash, read);
    }

    private static bool IsUsable(RegistryEntry e) => Names.IsValidName(e.Name) && Names.IsValidVersion(e.Version);
}
