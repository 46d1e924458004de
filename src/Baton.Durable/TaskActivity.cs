using Baton.Runtime.Events;
using Baton.Runtime.Hub;
using Baton.Runtime.Runners;

namespace Baton.Durable;

/// <summary>The task activity: runs one attempt through Baton's runners, the same ones the embedded hub uses.</summary>
/// <remarks>The catalog is found by the content hash the orchestration was started with, so an instance keeps the
/// bindings it started with. Runners report failures as outcomes rather than throw, so a failed task reaches the
/// engine's retry policy instead of Durable's; an attempt handed to an event service comes back as <c>handed</c>
/// and the orchestrator waits for the service's reports.</remarks>
public sealed class TaskActivity(TaskExecutor executor, PlanCache catalogs, ReplyTokens replyTokens)
{
    /// <summary>Runs one attempt and says how it ended.</summary>
    public async Task<TaskOutcome> RunAsync(TaskActivityInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var catalog = await catalogs.CatalogAsync(input.CatalogHash, cancellationToken).ConfigureAwait(false);
        using var span = Runtime.Telemetry.StartStep(input.InstanceId, input.StepId, input.Task, input.Attempt, input.IdempotencyKey, input.TraceParent);
        var context = new TaskContext(input.InstanceId, input.StepId, input.Attempt, input.IdempotencyKey, input.Task, input.Input)
        {
            ReplyTokens = replyTokens,
        };
        var result = await executor.RunAsync(catalog, context, input.Timeout, cancellationToken).ConfigureAwait(false);
        span?.SetTag("baton.outcome", result is TaskResult.Failure f ? f.Error.Code : result is TaskResult.Handed ? "handed" : "ok");
        return TaskOutcome.From(result);
    }
}
