using System.Collections.Immutable;

namespace Baton.Durable;

/// <summary>What one generation of an orchestration hands the next when it continues as new.</summary>
/// <remarks><see cref="State"/> is the engine's <c>InstanceState</c> as JSON (engine serializer options);
/// <see cref="Timers"/> are the timers still pending, by timer id; <see cref="Generation"/> counts restarts.</remarks>
public sealed record CarriedState(string State, ImmutableSortedDictionary<string, DateTimeOffset> Timers, int Generation)
{
    /// <summary>The engine events of the execution that ended, which the next one keeps in Blob storage first thing
    /// (<see cref="DurableNames.KeepHistory"/>), as the framework drops an execution's history when it continues.</summary>
    public IReadOnlyList<Baton.Abstractions.HistoryEntry>? History { get; init; }

    /// <summary>The workflow started over at this sequence: kept history before it is deleted (compacted away, as on the hub).</summary>
    public long? CompactBefore { get; init; }

    /// <summary>The definition the instance was migrated to (it runs that one, not the one its input pins); null when it never was.</summary>
    public Baton.Abstractions.StoredDefinition? Migrated { get; init; }

    /// <summary>Attempts to start at once: those that were running at a fork's point.</summary>
    public IReadOnlyList<Core.Engine.Commands.DispatchTask>? Dispatch { get; init; }
}
