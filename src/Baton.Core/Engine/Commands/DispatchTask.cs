using System.Text.Json.Nodes;

namespace Baton.Core.Engine.Commands;

/// <summary>Run one attempt of a task.</summary>
/// <remarks><see cref="IdempotencyKey"/> is <c>instance/step/attempt</c>; a task handed the same key twice should
/// do its work once. <see cref="Timeout"/> is the step's timeout, which the runner enforces as well.</remarks>
public sealed record DispatchTask(string StepId, int Attempt, string Task, JsonNode? Input, string IdempotencyKey, TimeSpan? Timeout) : EngineCommand
{
    /// <summary>The instance's W3C traceparent, so the attempt's span joins the instance's trace.</summary>
    public string? TraceParent { get; init; }

    /// <summary>The step's priority: hosts that queue attempts for a slot serve higher ones first.</summary>
    /// <remarks>Left out of the JSON when 0, so commands and traces recorded before priorities existed read the same.</remarks>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingDefault)]
    public int Priority { get; init; }
}
