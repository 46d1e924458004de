using System.Text.Json.Nodes;
using Microsoft.DurableTask;

namespace Baton.Durable;

/// <summary>The one orchestrator every Baton workflow runs as on the Durable Task Framework.</summary>
/// <remarks>It interprets the definition in its input with Baton's pure engine: engine commands become Durable
/// actions (<c>CallActivityAsync</c>, <c>CreateTimer</c>, <c>WaitForExternalEvent</c>) and their results become
/// engine events. Replay-safe by construction: the engine has no clock, randomness or I/O, event times are
/// <see cref="TaskOrchestrationContext.CurrentUtcDateTime"/>, and the random seed comes in the input. A workflow
/// that fails throws <see cref="WorkflowFailedException"/>, so the orchestration ends Failed with the error.</remarks>
public static class GenericOrchestrator
{
    /// <summary>Runs (or replays) one workflow instance to its end and returns the workflow's output.</summary>
    public static Task<JsonNode?> RunAsync(TaskOrchestrationContext context, WorkflowInput input) =>
        RunAsync(context, input, OrchestratorOptions.Default);

    /// <summary>Runs one workflow instance with explicit options (history bound, status detail).</summary>
    public static Task<JsonNode?> RunAsync(TaskOrchestrationContext context, WorkflowInput input, OrchestratorOptions options)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        return new OrchestrationRun(context, input, options).RunAsync();
    }
}
