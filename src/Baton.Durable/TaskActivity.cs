using System.Text.Json.Nodes;
using Baton.Runtime.Data;
using Baton.Runtime.Runners;
using Baton.Runtime.Slo;
using Baton.Abstractions;
using Baton.Runtime.Catalog;

namespace Baton.Durable;

/// <summary>The task activity: runs one attempt through Baton's runners, the same ones the embedded hub uses.</summary>
/// <remarks>The catalog is found by the content hash the orchestration was started with, so an instance keeps the
/// bindings it started with. Runners report failures as outcomes rather than throw, so a failed task reaches the
/// engine's retry policy instead of Durable's; an attempt handed to an event service comes back as <c>handed</c>
/// and the orchestrator waits for the service's reports. With a <see cref="BlobClaimCheck"/>, references in the input
/// are put back before the task runs and an output over the threshold goes to Blob storage, so history holds only
/// references. With an <see cref="IEvaluationHistory"/>, the built-in <c>evaluate</c> keeps quality-gate results per
/// subject there. With a <see cref="Registry"/>, it finds the registered workflows that <c>workflow</c> steps run.
/// With <see cref="PoolQueues"/>, an attempt of a task whose binding names a worker pool is put on the pool's queue and
/// handed over; without, it fails for good (<c>NoSuchPool</c>), as on an embedded hub without the pool.</remarks>
public sealed class TaskActivity(TaskExecutor executor, PlanCache catalogs, ReplyTokens replyTokens, BlobClaimCheck? data = null, IEvaluationHistory? evaluations = null,
    Registry? registry = null, PoolQueues? pools = null)
{
    /// <summary>Finds the registered workflow a <c>workflow</c> step runs: the version it names, or the active one.</summary>
    public async Task<ResolvedWorkflow> ResolveWorkflowAsync(WorkflowReference reference, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reference);
        if (registry is null)
        {
            return new ResolvedWorkflow(null, null, null, "This worker has no registry of workflows to run workflow steps from.");
        }
        var (found, problem) = await registry.ResolveAsync("workflow", reference.Name, reference.Version, cancellationToken).ConfigureAwait(false);
        return found is not null ? new ResolvedWorkflow(found.Hash, found.FileName, found.Content, null) : new ResolvedWorkflow(null, null, null, problem);
    }

    /// <summary>Runs one attempt (or hands it to its worker pool) and says how it ended.</summary>
    public async Task<TaskOutcome> RunAsync(TaskActivityInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var catalog = await catalogs.CatalogAsync(input.CatalogHash, cancellationToken).ConfigureAwait(false);
        if (catalog.Tasks.GetValueOrDefault(input.Task)?.Pool is { } pool)
        {
            if (pools is null)
            {
                return TaskOutcome.From(TaskResult.Fail("NoSuchPool",
                    $"'{input.Task}' runs in the worker pool '{pool}', and this host has no pool queues (they need Azure Storage).", retryable: false));
            }
            await pools.EnqueueAsync(pool, input, cancellationToken).ConfigureAwait(false);
            // The orchestrator waits for the pool worker's report; redelivery is the queue's, so no lease here.
            return Handed(input);
        }
        var result = await RunInProcessAsync(catalog, input, cancellationToken).ConfigureAwait(false);
        if (result is TaskResult.Success { Output: { } output })
        {
            result = new TaskResult.Success(await BlobClaimCheck.KeepAsync(data, input.InstanceId, output, cancellationToken).ConfigureAwait(false));
        }
        return result is TaskResult.Handed ? Handed(input) : TaskOutcome.From(result);
    }

    /// <summary>A hand-over, sealed so the orchestrator takes only reports that passed the reply-token check.</summary>
    private TaskOutcome Handed(TaskActivityInput input) =>
        new(TaskOutcomeKind.Handed) { Seal = ReplyTokens.Seal(replyTokens.ReportProof(input.InstanceId, input.StepId, input.Attempt)) };

    /// <summary>Runs one attempt in this process, whatever its pool: what a <see cref="PoolWorker"/> does with an attempt it took.</summary>
    /// <remarks>References in the input are read back from Blob storage first; the output is returned whole (the report
    /// that carries it is claim-checked by <see cref="DurableWorkflowClient.ReportAsync"/>).</remarks>
    public async Task<TaskResult> RunHereAsync(TaskActivityInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var catalog = await catalogs.CatalogAsync(input.CatalogHash, cancellationToken).ConfigureAwait(false);
        return await RunInProcessAsync(catalog, input, cancellationToken).ConfigureAwait(false);
    }

    private async Task<TaskResult> RunInProcessAsync(Runtime.Catalog.TaskCatalog catalog, TaskActivityInput input, CancellationToken cancellationToken)
    {
        using var span = Runtime.Telemetry.StartStep(input.InstanceId, input.StepId, input.Task, input.Attempt, input.IdempotencyKey, input.TraceParent);
        JsonNode? taskInput;
        try
        {
            taskInput = await BlobClaimCheck.ReadBackAsync(data, input.InstanceId, input.Input, cancellationToken).ConfigureAwait(false);
        }
        catch (ClaimCheckException ex)
        {
            return TaskResult.Fail("DataUnavailable", ex.Message, retryable: false);
        }
        var context = new TaskContext(input.InstanceId, input.StepId, input.Attempt, input.IdempotencyKey, input.Task, taskInput)
        {
            ReplyTokens = replyTokens,
            Evaluations = evaluations,
            TraceParent = input.TraceParent,
            Priority = input.Priority,
        };
        var clock = System.Diagnostics.Stopwatch.GetTimestamp();
        Runtime.WorkflowMetrics.TasksInFlight.Add(1);
        try
        {
            var result = await executor.RunAsync(catalog, context, input.Timeout, cancellationToken).ConfigureAwait(false);
            Runtime.WorkflowMetrics.AttemptEnded(input.Task, result, System.Diagnostics.Stopwatch.GetElapsedTime(clock), span);
            return result;
        }
        finally
        {
            Runtime.WorkflowMetrics.TasksInFlight.Add(-1);
        }
    }

    /// <summary>Keeps the engine events of an execution that ended in the hub's Blob container (see <see cref="DurableHistoryLog"/>);
    /// false when this worker has no data store.</summary>
    public async Task<bool> KeepHistoryAsync(KeptHistory kept, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(kept);
        if (data is null)
        {
            return false;
        }
        await new DurableHistoryLog(data.Container).KeepAsync(kept.InstanceId, kept.History, kept.CompactBefore, cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>Reads a value's Blob data as one instance's and keeps it as another's: the value with references the receiving
    /// instance can read (the value itself when this worker has no data store).</summary>
    /// <exception cref="ClaimCheckException">A reference is not the sending instance's, or its data is gone or altered.</exception>
    public async Task<JsonNode?> CopyDataAsync(DataCopy copy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(copy);
        var whole = await BlobClaimCheck.ReadBackAsync(data, copy.FromInstanceId, copy.Value, cancellationToken).ConfigureAwait(false);
        return await BlobClaimCheck.KeepAsync(data, copy.ToInstanceId, whole, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Keeps a failed instance's engine state for a later rewind; false when this worker has no data store.</summary>
    public async Task<bool> KeepStateAsync(KeptState kept, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(kept);
        if (data is null)
        {
            return false;
        }
        await data.KeepStateAsync(kept.InstanceId, System.Text.Json.JsonSerializer.Serialize(kept.State), cancellationToken).ConfigureAwait(false);
        return true;
    }
}
