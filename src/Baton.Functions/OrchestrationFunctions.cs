using System.Text.Json.Nodes;
using Baton.Durable;
using Baton.Runtime.Runners;
using Baton.Runtime.Slo;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace Baton.Functions;

/// <summary>The generic orchestrator and the task activity, as Durable Functions.</summary>
public sealed class OrchestrationFunctions(TaskExecutor executor, FunctionsHub hub, IEvaluationHistory evaluations, PoolQueues pools)
{
    /// <summary>Interprets the workflow definition pinned in the orchestration's input (see <see cref="GenericOrchestrator"/>).</summary>
    [Function(DurableNames.Orchestrator)]
    public static Task<JsonNode?> RunWorkflowAsync([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var input = context.GetInput<WorkflowInput>() ?? throw new InvalidOperationException("The orchestration was started without a WorkflowInput.");
        return GenericOrchestrator.RunAsync(context, input);
    }

    /// <summary>Runs one task attempt through Baton's runners (see <see cref="TaskActivity"/>).</summary>
    [Function(DurableNames.TaskActivity)]
    public async Task<TaskOutcome> RunTaskAsync([ActivityTrigger] TaskActivityInput input, CancellationToken cancellationToken)
    {
        var activity = await ActivityAsync().ConfigureAwait(false);
        return await activity.RunAsync(input, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Keeps a failed instance's engine state in the data container, so it can be rewound (see <see cref="TaskActivity.KeepStateAsync"/>).</summary>
    [Function(DurableNames.KeepState)]
    public async Task<bool> KeepStateAsync([ActivityTrigger] KeptState input, CancellationToken cancellationToken)
    {
        var activity = await ActivityAsync().ConfigureAwait(false);
        return await activity.KeepStateAsync(input, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Keeps the engine events of an execution that ended (see <see cref="TaskActivity.KeepHistoryAsync"/>).</summary>
    [Function(DurableNames.KeepHistory)]
    public async Task<bool> KeepHistoryAsync([ActivityTrigger] KeptHistory input, CancellationToken cancellationToken)
    {
        var activity = await ActivityAsync().ConfigureAwait(false);
        return await activity.KeepHistoryAsync(input, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Keeps a value's Blob data again under another instance (see <see cref="TaskActivity.CopyDataAsync"/>).</summary>
    [Function(DurableNames.CopyData)]
    public async Task<JsonNode?> CopyDataAsync([ActivityTrigger] DataCopy input, CancellationToken cancellationToken)
    {
        var activity = await ActivityAsync().ConfigureAwait(false);
        return await activity.CopyDataAsync(input, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Finds the registered workflow a <c>workflow</c> step runs, for the orchestrator to start as a sub-orchestration.</summary>
    [Function(DurableNames.ResolveWorkflow)]
    public async Task<ResolvedWorkflow> ResolveWorkflowAsync([ActivityTrigger] WorkflowReference input, CancellationToken cancellationToken)
    {
        var activity = await ActivityAsync().ConfigureAwait(false);
        return await activity.ResolveWorkflowAsync(input, cancellationToken).ConfigureAwait(false);
    }

    private async Task<TaskActivity> ActivityAsync()
    {
        var durable = await hub.GetAsync().ConfigureAwait(false);
        return new(executor, durable.Plans, durable.ReplyTokens, durable.Data, evaluations, durable.Registry, pools);
    }
}
