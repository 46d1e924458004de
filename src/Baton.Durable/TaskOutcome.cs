using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Baton.Core.Engine;
using Baton.Core.Engine.Events;
using Baton.Abstractions;

namespace Baton.Durable;

/// <summary>How a task attempt ended, in a form that travels through Durable history.</summary>
/// <remarks>A hand-over (<see cref="TaskOutcomeKind.Handed"/>) means the attempt went to a service that reports back by
/// event, see <see cref="TaskReportMessage"/>.</remarks>
public sealed record TaskOutcome(
    TaskOutcomeKind Kind,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] JsonNode? Output = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ErrorInfo? Error = null,
    bool Retryable = true)
{
    /// <summary>For a hand-over: the seal of the proof every report on the attempt must carry (see <see cref="Baton.Abstractions.ReplyTokens.ReportProof"/>).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Seal { get; init; }

    /// <summary>The outcome of a runner's result.</summary>
    public static TaskOutcome From(TaskResult result) => result switch
    {
        TaskResult.Success s => new(TaskOutcomeKind.Ok, s.Output),
        TaskResult.Failure f => new(TaskOutcomeKind.Failed, null, f.Error, f.Retryable),
        TaskResult.Handed => new(TaskOutcomeKind.Handed),
        _ => throw new ArgumentException($"Unknown task result {result.GetType().Name}.", nameof(result)),
    };

    /// <summary>The runner result this outcome carries; null for a hand-over.</summary>
    public TaskResult? ToResult() => Kind switch
    {
        TaskOutcomeKind.Ok => new TaskResult.Success(Output),
        TaskOutcomeKind.Failed => new TaskResult.Failure(Error ?? new ErrorInfo("TaskFailed", "The task failed."), Retryable),
        _ => null,
    };

    /// <summary>The engine event that records this ending for an attempt (see <see cref="TaskResult.ToEvent"/>); null for a hand-over.</summary>
    public WorkflowEvent? ToEvent(DateTimeOffset at, string stepId, int attempt) => ToResult()?.ToEvent(at, stepId, attempt);
}
