using System.Text.Json.Nodes;
using Baton.Core.Engine;

namespace Baton.Abstractions;

/// <summary>How a task attempt ended.</summary>
public abstract record TaskResult
{
    /// <summary>A successful attempt with its output.</summary>
    public static TaskResult Ok(JsonNode? output) => new Success(output);

    /// <summary>A failed attempt; <paramref name="retryable"/> false skips the retry policy.</summary>
    public static TaskResult Fail(string code, string message, bool retryable = true) => new Failure(new ErrorInfo(code, message), retryable);

    /// <summary>The attempt was handed to a service that reports back by event; the hub waits for that report.</summary>
    public static TaskResult HandedOver(TimeSpan redeliverAfter) => new Handed(redeliverAfter);

    /// <summary>Whether an answer's HTTP status says trying again may help: no answer at all (0), 408, 429 and 5xx.</summary>
    /// <remarks>The one rule every runner that calls a service over HTTP uses to make its failure retryable or not.</remarks>
    public static bool IsTransient(int status) => status is 0 or 408 or 429 or >= 500;

    /// <summary>The engine event that records this ending of an attempt; null for a hand-over, which ends nothing.</summary>
    /// <remarks>Both backends turn results into events here: the hub (with the time left for its writer to stamp) and
    /// the generic orchestrator (with the orchestration's time).</remarks>
    public Core.Engine.Events.WorkflowEvent? ToEvent(DateTimeOffset at, string stepId, int attempt) => this switch
    {
        Success s => new Core.Engine.Events.TaskCompleted(at, stepId, attempt, s.Output),
        Failure f => new Core.Engine.Events.TaskFailed(at, stepId, attempt, f.Error, f.Retryable),
        _ => null,
    };

    /// <summary>The attempt succeeded.</summary>
    public sealed record Success(JsonNode? Output) : TaskResult;

    /// <summary>The attempt failed.</summary>
    public sealed record Failure(ErrorInfo Error, bool Retryable) : TaskResult;

    /// <summary>The attempt is running elsewhere; it ends when its service reports (see <see cref="IWorkflowBackend.ReportAsync"/>)
    /// or the step times out.</summary>
    /// <remarks>The hub keeps the attempt's work item leased for <see cref="RedeliverAfter"/>; if no report came by
    /// then, the attempt is delivered again with the same idempotency key.</remarks>
    public sealed record Handed(TimeSpan RedeliverAfter) : TaskResult;
}
