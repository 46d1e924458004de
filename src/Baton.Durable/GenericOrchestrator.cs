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

/// <summary>Tuning of the generic orchestrator.</summary>
/// <param name="MaxEventsPerGeneration">After this many engine events, the orchestrator continues as new at the next
/// moment no activity is in flight, carrying its state, so its history stays bounded.</param>
/// <param name="MaxStepsInStatus">Custom status lists each step while a workflow has at most this many; larger ones show counts.</param>
public sealed record OrchestratorOptions(int MaxEventsPerGeneration = 2_000, int MaxStepsInStatus = 500)
{
    /// <summary>The options used when none are given.</summary>
    public static OrchestratorOptions Default { get; } = new();
}

/// <summary>Thrown by the generic orchestrator when the workflow fails, so the orchestration fails with its error.</summary>
public sealed class WorkflowFailedException : Exception
{
    /// <summary>Creates the exception for a workflow error code and message.</summary>
    public WorkflowFailedException(string code, string message) : base($"{code}: {message}") => Code = code;

    /// <summary>Creates the exception with a message only.</summary>
    public WorkflowFailedException(string message) : base(message) => Code = "WorkflowFailed";

    /// <summary>Creates the exception with no detail.</summary>
    public WorkflowFailedException() : this("The workflow failed.")
    {
    }

    /// <summary>Creates the exception wrapping another.</summary>
    public WorkflowFailedException(string message, Exception inner) : base(message, inner) => Code = "WorkflowFailed";

    /// <summary>The workflow's error code.</summary>
    public string Code { get; }
}
