using System.Collections.Concurrent;
using Baton.Runtime.Store;

namespace Baton.Durable;

/// <summary>Where the Durable backend keeps definition and catalog texts by content hash, for activities to find.</summary>
/// <remarks>Content-addressed and write-once: saving the same hash again changes nothing, so any number of workers
/// may save and read concurrently. Providers: in memory (one process) and Blob storage (Azurite or Azure).</remarks>
public interface IDefinitionStore
{
    /// <summary>Stores a text under its hash; a no-op when the hash is stored already.</summary>
    Task SaveAsync(StoredDefinition definition, CancellationToken cancellationToken);

    /// <summary>Reads a text by hash, or null when none is stored.</summary>
    Task<StoredDefinition?> GetAsync(string hash, CancellationToken cancellationToken);

    /// <summary>Finds a registered text by kind and name: the given version, or the active one; null when there is none.</summary>
    Task<StoredDefinition?> ResolveAsync(string kind, string name, string? version, CancellationToken cancellationToken);
}

/// <summary>A definition store in one process's memory: the reference provider, for a single-process backend.</summary>
public sealed class InMemoryDefinitionStore : IDefinitionStore
{
    private readonly ConcurrentDictionary<string, StoredDefinition> _texts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Kind, string Name, string Version), string> _registry = new();
    private readonly ConcurrentDictionary<(string Kind, string Name), string> _active = new();

    /// <summary>Saves and registers a version of a text; the first version of a name becomes active.</summary>
    public async Task RegisterAsync(StoredDefinition definition, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(definition);
        await SaveAsync(definition, cancellationToken).ConfigureAwait(false);
        if (_registry.GetOrAdd((definition.Kind, definition.Name, definition.Version), definition.Hash) != definition.Hash)
        {
            throw new VersionConflictException(definition.Kind, definition.Name, definition.Version);
        }
        _active.TryAdd((definition.Kind, definition.Name), definition.Version);
    }

    /// <inheritdoc />
    public Task<StoredDefinition?> ResolveAsync(string kind, string name, string? version, CancellationToken cancellationToken)
    {
        version ??= _active.GetValueOrDefault((kind, name));
        return Task.FromResult(version is not null && _registry.TryGetValue((kind, name, version), out var hash) ? _texts.GetValueOrDefault(hash) : null);
    }

    /// <inheritdoc />
    public Task SaveAsync(StoredDefinition definition, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(definition);
        _texts.TryAdd(definition.Hash, definition);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<StoredDefinition?> GetAsync(string hash, CancellationToken cancellationToken) =>
        Task.FromResult(_texts.GetValueOrDefault(hash));
}
