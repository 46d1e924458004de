using System.Collections.Immutable;
using System.Text.Json.Nodes;

namespace Baton.Durable;

/// <summary>What the generic orchestrator is started with: a definition pinned by content, and the workflow's input.</summary>
/// <remarks>The definition text travels in the orchestration's own input, so every replay compiles exactly the
/// definition the instance started with, whatever is registered later. <see cref="Seed"/> is drawn at random by
/// the starter (never inside the orchestrator) and feeds <c>uuid()</c> and retry jitter. <see cref="Carried"/>
/// is set only when the orchestrator continues as new: it carries the engine's state to the next generation.</remarks>
public sealed record WorkflowInput(
    string DefinitionHash,
    string DefinitionFile,
    string Definition,
    string? CatalogHash,
    JsonNode? Input,
    string Seed,
    ImmutableSortedDictionary<string, string>? Env = null,
    string? TraceParent = null)
{
    /// <summary>The engine state and pending timers handed from one generation to the next; null on the first.</summary>
    public CarriedState? Carried { get; init; }

    /// <summary>Set on the generation a rewind starts: the carried state is a failed one, rewound with this reason first.</summary>
    public string? RewindReason { get; init; }
}

/// <summary>What the generic orchestrator hands <see cref="DurableNames.KeepState"/> when a workflow fails.</summary>
public sealed record KeptState(string InstanceId, CarriedState State);

/// <summary>What one generation of an orchestration hands the next when it continues as new.</summary>
/// <remarks><see cref="State"/> is the engine's <c>InstanceState</c> as JSON (engine serializer options);
/// <see cref="Timers"/> are the timers still pending, by timer id; <see cref="Generation"/> counts restarts.</remarks>
public sealed record CarriedState(string State, ImmutableSortedDictionary<string, DateTimeOffset> Timers, int Generation)
{
    /// <summary>The engine events of the execution that ended, which the next one keeps in Blob storage first thing
    /// (<see cref="DurableNames.KeepHistory"/>), as the framework drops an execution's history when it continues.</summary>
    public IReadOnlyList<Runtime.Store.HistoryEntry>? History { get; init; }

    /// <summary>The workflow started over at this sequence: kept history before it is deleted (compacted away, as on the hub).</summary>
    public long? CompactBefore { get; init; }

    /// <summary>Attempts to start at once: those that were running at a fork's point.</summary>
    public IReadOnlyList<Core.Engine.Commands.DispatchTask>? Dispatch { get; init; }
}

/// <summary>What a new execution hands <see cref="DurableNames.KeepHistory"/>: the engine events its predecessor applied.</summary>
public sealed record KeptHistory(string InstanceId, IReadOnlyList<Runtime.Store.HistoryEntry> History, long? CompactBefore);

/// <summary>A value that holds references to one instance's Blob data, to be kept again as another's (a child's input, a child's
/// output handed to its parent), as <see cref="DurableNames.CopyData"/> does.</summary>
public sealed record DataCopy(string FromInstanceId, string ToInstanceId, JsonNode? Value);

/// <summary>Which registered workflow a <c>workflow</c> step runs: its name, and a version (null: the active one).</summary>
public sealed record WorkflowReference(string Name, string? Version);

/// <summary>The registered workflow a <see cref="WorkflowReference"/> names, pinned by content; or why there is none.</summary>
public sealed record ResolvedWorkflow(string? Hash, string? File, string? Definition, string? Problem);
