using System.Collections.Concurrent;

namespace Baton.Abstractions;

/// <summary>A registry store in one process's memory: the reference provider, for a single-process backend and tests.</summary>
/// <remarks>Keeps the same contract as the SQLite and Blob providers: texts write-once by hash, versions immutable, the
/// first version of a name active, retiring the active version leaves none active.</remarks>
public sealed class InMemoryRegistryStore : IRegistryStore
{
    private readonly ConcurrentDictionary<string, StoredDefinition> _texts = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Kind, string Name, string Version), RegistryEntry> _entries = [];
    private readonly Lock _gate = new();

    /// <inheritdoc />
    public Task SaveDefinitionAsync(StoredDefinition definition, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(definition);
        _texts.TryAdd(definition.Hash, definition);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<StoredDefinition?> GetDefinitionAsync(string hash, CancellationToken cancellationToken) => Task.FromResult(_texts.GetValueOrDefault(hash));

    /// <inheritdoc />
    public Task<RegistryEntry> RegisterAsync(string kind, string name, string version, string hash, DateTimeOffset now, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_entries.TryGetValue((kind, name, version), out var same))
            {
                return same.Hash == hash ? Task.FromResult(same) : throw new VersionConflictException(kind, name, version);
            }
            var entry = new RegistryEntry(kind, name, version, hash, now, !_entries.Values.Any(e => e.Kind == kind && e.Name == name && e.Active), false);
            _entries[(kind, name, version)] = entry;
            return Task.FromResult(entry);
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<RegistryEntry>> ListRegistryAsync(string kind, string? name, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<RegistryEntry>>([.. _entries.Values.Where(e => e.Kind == kind && (name is null || e.Name == name))
                .OrderBy(e => e.Name, StringComparer.Ordinal).ThenBy(e => e.CreatedAt).ThenBy(e => e.Version, StringComparer.Ordinal)]);
        }
    }

    /// <inheritdoc />
    public Task<bool> ActivateAsync(string kind, string name, string version, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_entries.TryGetValue((kind, name, version), out var chosen) || chosen.Retired)
            {
                return Task.FromResult(false);
            }
            foreach (var e in _entries.Values.Where(e => e.Kind == kind && e.Name == name).ToList())
            {
                _entries[(kind, name, e.Version)] = e with { Active = e.Version == version };
            }
            return Task.FromResult(true);
        }
    }

    /// <inheritdoc />
    public Task<bool> RetireAsync(string kind, string name, string version, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_entries.TryGetValue((kind, name, version), out var e))
            {
                return Task.FromResult(false);
            }
            _entries[(kind, name, version)] = e with { Active = false, Retired = true };
            return Task.FromResult(true);
        }
    }

    /// <inheritdoc />
    public Task<bool> RemoveAsync(string kind, string name, string version, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_entries.Remove((kind, name, version)));
        }
    }
}
