namespace Baton.Abstractions;

/// <summary>Where a backend keeps definition and catalog texts by content hash, and the registry of their named versions.</summary>
/// <remarks>Read and written through <see cref="Registry"/>, which holds the rules (names, versions, what a start resolves to),
/// so they behave the same on every backend:
/// the embedded hub's SQLite store and the Durable backend's Blob container both provide it. Texts are write-once by hash.</remarks>
public interface IRegistryStore
{
    /// <summary>Stores a definition or catalog text under its content hash; storing it again is a no-op.</summary>
    Task SaveDefinitionAsync(StoredDefinition definition, CancellationToken cancellationToken);

    /// <summary>Reads a definition or catalog by content hash.</summary>
    Task<StoredDefinition?> GetDefinitionAsync(string hash, CancellationToken cancellationToken);

    /// <summary>Registers a version of a definition or catalog whose content is already saved.</summary>
    /// <remarks>Registering the same name, version and hash again returns the existing entry; a different hash
    /// throws <see cref="VersionConflictException"/>. The first version of a name becomes active.</remarks>
    Task<RegistryEntry> RegisterAsync(string kind, string name, string version, string hash, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Lists the registry: every version of one name, or the versions of all names when name is null.</summary>
    Task<IReadOnlyList<RegistryEntry>> ListRegistryAsync(string kind, string? name, CancellationToken cancellationToken);

    /// <summary>Makes a version the active one of its name; false when there is no such live version.</summary>
    Task<bool> ActivateAsync(string kind, string name, string version, CancellationToken cancellationToken);

    /// <summary>Retires a version so it can no longer be started; false when there is no such version.</summary>
    /// <remarks>Retiring the active version leaves the name without an active version.</remarks>
    Task<bool> RetireAsync(string kind, string name, string version, CancellationToken cancellationToken);

    /// <summary>Removes a version's entry (not its text, which instances may still run); false when there is no such version.</summary>
    /// <remarks>For entries that can never run (stored with a version outside the alphabet before versions were checked);
    /// removing the active version leaves the name without one.</remarks>
    Task<bool> RemoveAsync(string kind, string name, string version, CancellationToken cancellationToken);
}
