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
}

/// <summary>A definition store in one process's memory: the reference provider, for a single-process backend.</summary>
public sealed class InMemoryDefinitionStore : IDefinitionStore
{
    private readonly ConcurrentDictionary<string, StoredDefinition> _texts = new(StringComparer.Ordinal);

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
