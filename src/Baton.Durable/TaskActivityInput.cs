using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Baton.Core.Engine.Commands;

namespace Baton.Durable;

/// <summary>One task attempt, as the generic orchestrator hands it to the task activity.</summary>
/// <remarks>The same attempt always carries the same <see cref="IdempotencyKey"/> (<c>instance/step/attempt</c>),
/// so a redelivery of the activity (after a worker crash) does the work once where the task honours the key.
/// Absent values are left out of the JSON: every byte is stored in history and read back on each replay.</remarks>
public sealed record TaskActivityInput(
    string InstanceId,
    string StepId,
    int Attempt,
    string Task,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] JsonNode? Input,
    string IdempotencyKey,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] TimeSpan? Timeout,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? CatalogHash,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? TraceParent)
{
    /// <summary>The step's priority: the order attempts waiting under a binding's <c>max_concurrency</c> in one worker go in (0 is left out).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public int Priority { get; init; }

    /// <summary>The activity input for an engine dispatch command.</summary>
    public static TaskActivityInput From(string instanceId, DispatchTask d, string? catalogHash) =>
        new(instanceId, d.StepId, d.Attempt, d.Task, d.Input, d.IdempotencyKey, d.Timeout, catalogHash, d.TraceParent) { Priority = d.Priority };
}
