using System.Collections.Immutable;
using System.Text.Json.Nodes;

namespace Baton.Core.Definitions;

/// <summary>A validated workflow definition in Baton's native language.</summary>
/// <remarks>Instances are produced only by <see cref="DefinitionLoader"/>, so every reference in them resolves
/// and the step graph is acyclic.</remarks>
public sealed record WorkflowDefinition(
    string ApiVersion,
    WorkflowMetadata Metadata,
    JsonNode? InputSchema,
    WorkflowConfig Config,
    JsonObject Variables,
    ImmutableArray<StepDefinition> Steps,
    JsonNode? Output,
    JsonNode? OutputSchema)
{
    /// <summary>The saga's compensating steps (<c>spec.compensation</c>), run one at a time when a step that says
    /// <c>on_failure: compensate</c> (or an event step that says <c>on_timeout: compensate</c>) fails the workflow.</summary>
    /// <remarks>Those that name a step in <see cref="StepDefinition.Undoes"/> run for the steps that succeeded, latest
    /// completion first; the others run after them in the order written.</remarks>
    public ImmutableArray<StepDefinition> Compensation { get; init; } = [];

    /// <summary>The schedules, queues and events that start this workflow on their own (<c>spec.triggers</c>), live while this
    /// version is the active one.</summary>
    public ImmutableArray<Triggers.TriggerDefinition> Triggers { get; init; } = [];

    /// <summary>How many of <see cref="Steps"/> task results added at run time (see <see cref="DynamicSteps"/>).</summary>
    public int DynamicCount { get; init; }
}
