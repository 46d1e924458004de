using System.Collections.Concurrent;
using System.Collections.Immutable;
using Baton.Abstractions;
using Baton.Core.Definitions;
using Baton.Core.Definitions.Triggers;

namespace Baton.ControlPlane.Triggers;

/// <summary>The triggers that are live: those declared by the active, unretired version of each registered workflow.</summary>
/// <remarks>Read from the registry each time, so activating a version puts its triggers in place of the old version's and
/// retiring it removes them, on every host, at the next look. Definitions are parsed once per content hash.</remarks>
public static class LiveTriggers
{
    private const int CacheLimit = 4096;
    private static readonly ConcurrentDictionary<string, ImmutableArray<TriggerDefinition>> Parsed = new(StringComparer.Ordinal);

    /// <summary>Every live trigger.</summary>
    public static async Task<IReadOnlyList<LiveTrigger>> ReadAsync(Registry registry, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(registry);
        var live = new List<LiveTrigger>();
        foreach (var entry in await registry.ListAsync("workflow", null, ct).ConfigureAwait(false))
        {
            if (!entry.Active || entry.Retired)
            {
                continue;
            }
            if (!Parsed.TryGetValue(entry.Hash, out var triggers))
            {
                var stored = await registry.Store.GetDefinitionAsync(entry.Hash, ct).ConfigureAwait(false);
                triggers = stored is null ? [] : DefinitionLoader.Load(stored.Content, stored.FileName).Definition?.Triggers ?? [];
                if (Parsed.Count >= CacheLimit)
                {
                    Parsed.Clear();
                }
                Parsed[entry.Hash] = triggers;
            }
            live.AddRange(triggers.Select(t => new LiveTrigger(entry.Name, entry.Version, entry.CreatedAt, t)));
        }
        return live;
    }
}
