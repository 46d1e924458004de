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

    /// <summary>The retry defaults of the catalog the instance started with, by task (<c>retry</c> on its bindings), carried in
    /// the input because an orchestrator reads no store; null for none. Children get their parent's.</summary>
    public ImmutableSortedDictionary<string, Core.Definitions.RetryPolicy>? TaskRetries { get; init; }

    /// <summary>The plan this input runs: the pinned definition's (compiled once per hash by <paramref name="plans"/>) with <see cref="TaskRetries"/> applied.</summary>
    public Core.Engine.WorkflowPlan Plan(Runtime.Catalog.PlanCache plans)
    {
        ArgumentNullException.ThrowIfNull(plans);
        var plan = plans.Plan(new Abstractions.StoredDefinition(DefinitionHash, "workflow", "", "", DefinitionFile, Definition));
        return TaskRetries is { Count: > 0 } retries ? plan.WithTaskRetries(retries) : plan;
    }

    /// <summary>Set on the generation a rewind starts: the carried state is a failed one, rewound with this reason first.</summary>
    public string? RewindReason { get; init; }
}
