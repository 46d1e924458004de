using System.Text.Json.Nodes;

namespace Baton.Core.Engine.Events;

/// <summary>A task attempt finished with an output.</summary>
/// <remarks>Accepted only while that exact attempt of the step is running; otherwise it is a duplicate or late
/// report and changes nothing.</remarks>
public sealed record TaskCompleted(DateTimeOffset At, string StepId, int Attempt, JsonNode? Output) : WorkflowEvent(At);
