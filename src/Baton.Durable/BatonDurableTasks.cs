using System.Text.Json.Nodes;
using Microsoft.DurableTask;

namespace Baton.Durable;

/// <summary>Registers Baton's generic orchestrator and task activity with a Durable Task worker.</summary>
public static class BatonDurableTasks
{
    /// <summary>Adds the orchestrator (<see cref="DurableNames.Orchestrator"/>), the task activity (<see cref="DurableNames.TaskActivity"/>)
    /// the activity that keeps a failed instance's state for rewind (<see cref="DurableNames.KeepState"/>), the one that keeps
    /// an ended execution's engine events (<see cref="DurableNames.KeepHistory"/>), the one that hands large values between
    /// parent and child (<see cref="DurableNames.CopyData"/>) and the one that
    /// finds the workflow a <c>workflow</c> step runs (<see cref="DurableNames.ResolveWorkflow"/>).</summary>
    /// <remarks>The activity is created by <paramref name="activity"/> on first use, so a worker may build its runners
    /// from services that exist only once the host runs.</remarks>
    public static DurableTaskRegistry AddBaton(this DurableTaskRegistry registry, Func<TaskActivity> activity, OrchestratorOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(registry);
        var lazy = new Lazy<TaskActivity>(activity, LazyThreadSafetyMode.ExecutionAndPublication);
        var orchestratorOptions = options ?? OrchestratorOptions.Default;
        return registry
            .AddOrchestratorFunc<WorkflowInput, JsonNode?>(DurableNames.Orchestrator, (context, input) => GenericOrchestrator.RunAsync(context, input, orchestratorOptions))
            .AddActivityFunc<TaskActivityInput, TaskOutcome>(DurableNames.TaskActivity, (_, input) => lazy.Value.RunAsync(input, CancellationToken.None))
            .AddActivityFunc<KeptState, bool>(DurableNames.KeepState, (_, input) => lazy.Value.KeepStateAsync(input, CancellationToken.None))
            .AddActivityFunc<KeptHistory, bool>(DurableNames.KeepHistory, (_, input) => lazy.Value.KeepHistoryAsync(input, CancellationToken.None))
            .AddActivityFunc<DataCopy, JsonNode?>(DurableNames.CopyData, (_, input) => lazy.Value.CopyDataAsync(input, CancellationToken.None))
            .AddActivityFunc<WorkflowReference, ResolvedWorkflow>(DurableNames.ResolveWorkflow, (_, input) => lazy.Value.ResolveWorkflowAsync(input, CancellationToken.None));
    }
}
