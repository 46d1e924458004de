using System.Text.Json.Nodes;

namespace Baton.Runtime.Runners;

/// <summary>What a task attempt is told about itself.</summary>
/// <remarks><see cref="IdempotencyKey"/> (<c>instance/step/attempt</c>) is the same every time the same attempt
/// is delivered; a task with side effects should use it to do its work once.</remarks>
public sealed record TaskContext(string InstanceId, string StepId, int Attempt, string IdempotencyKey, string TaskName, JsonNode? Input)
{
    /// <summary>The roots catalog templates see: <c>input</c> and <c>task</c>.</summary>
    public IReadOnlyDictionary<string, JsonNode?> TemplateRoots() => new Dictionary<string, JsonNode?>(StringComparer.Ordinal)
    {
        ["input"] = Input,
        ["task"] = new JsonObject
        {
            ["instance_id"] = InstanceId,
            ["step_id"] = StepId,
            ["attempt"] = Attempt,
            ["idempotency_key"] = IdempotencyKey,
            ["name"] = TaskName,
        },
    };
}
