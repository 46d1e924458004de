using System.Text.Json;
using System.Text.Json.Nodes;
using Baton.Core.Engine;
using Baton.Core.Engine.Events;
using DurableTask.Core;
using DurableTask.Core.History;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Converters;
using Microsoft.DurableTask.Worker;
using Microsoft.DurableTask.Worker.Shims;
using Microsoft.Extensions.Logging.Abstractions;
using Baton.Abstractions;

namespace Baton.Durable;

/// <summary>An instance's engine history and state on the Durable backend: the same events, in the same order, with the same
/// sequence numbers as the embedded hub records, rebuilt from what the framework stores.</summary>
/// <remarks>How: the orchestration's history (the latest execution's, as <c>GetOrchestrationHistoryAsync</c> gives it) is
/// replayed offline through the very orchestrator that made it (<see cref="OrchestrationRun"/>), which applies each Durable
/// result to the engine exactly as it did live, and the events it applied are read back; the executions before it, whose
/// history the framework drops when an orchestration continues as new or is rewound, were kept in Blob storage by their
/// successors (<see cref="DurableHistoryLog"/>). Suspend, resume and terminate, which the framework does without the
/// orchestrator, are read from its history and applied to the engine where they happened. Nothing is written while an
/// instance runs, so reading history costs nothing until someone reads it; the replay must use the options the workers use.</remarks>
internal sealed class DurableTimeline
{
    // Reads inputs and results whichever casing the host's converter wrote (the Functions worker's differs from the SDK's).
    private static readonly DataConverter Converter = new JsonDataConverter(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    private DurableTimeline(WorkflowInput input, IReadOnlyList<HistoryEntry> entries, InstanceState state)
    {
        Input = input;
        Entries = entries;
        State = state;
    }

    /// <summary>The input of the latest execution: the pinned definition and catalog.</summary>
    public WorkflowInput Input { get; }

    /// <summary>The accepted engine events from the first kept one (the start, unless the workflow started over), in order.</summary>
    public IReadOnlyList<HistoryEntry> Entries { get; }

    /// <summary>The engine state after the last event.</summary>
    public InstanceState State { get; }

    /// <summary>Rebuilds the timeline of an instance from its latest execution's history and the kept events of earlier ones;
    /// null when the history is not a Baton workflow's or has not started.</summary>
    public static async Task<DurableTimeline?> BuildAsync(string instanceId, IList<HistoryEvent> history, DurableHistoryLog kept,
        OrchestratorOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(history);
        if (Replay(history, options) is not { } run)
        {
            return null;
        }
        var all = new SortedDictionary<long, HistoryEntry>();
        foreach (var entry in await kept.ReadAsync(instanceId, cancellationToken).ConfigureAwait(false))
        {
            all[entry.Sequence] = entry;
        }
        foreach (var entry in run.Input.Carried?.History ?? [])
        {
            // Handed to this execution and perhaps not kept yet (its first activity keeps them).
            all[entry.Sequence] = entry;
        }
        var (events, state) = WithLifecycle(run, history);
        foreach (var (sequence, e) in events)
        {
            all[sequence] = HistoryEntry.Of(instanceId, sequence, e);
        }
        var from = Math.Max(run.RestartedAt ?? 0, run.Input.Carried?.CompactBefore ?? 0);
        return new DurableTimeline(run.Input, [.. all.Values.Where(e => e.Sequence >= from)], state);
    }

    /// <summary>Runs the orchestrator over a history: the run it made, or null when the history holds no Baton workflow's start.</summary>
    private static OrchestrationRun? Replay(IList<HistoryEvent> history, OrchestratorOptions options)
    {
        if (history.OfType<ExecutionStartedEvent>().FirstOrDefault() is not { Name: DurableNames.Orchestrator })
        {
            return null;
        }
        OrchestrationRun? run = null;
        var factory = new DurableTaskShimFactory(new DurableTaskWorkerOptions { DataConverter = Converter }, NullLoggerFactory.Instance);
        var shim = factory.CreateOrchestration<WorkflowInput, JsonNode?>(DurableNames.Orchestrator,
            (context, input) => (run = new OrchestrationRun(context, input!, options)).RunAsync());
        var state = new OrchestrationRuntimeState([.. history]);
        new TaskOrchestrationExecutor(state, shim, BehaviorOnContinueAsNew.Carryover, ErrorPropagationMode.UseFailureDetails).Execute();
        return run is { State: not null } ? run : null;
    }

    /// <summary>The run's events with the framework's suspensions, resumptions and termination put where they happened,
    /// applied again from where the execution began so each gets its sequence and the state is the engine's.</summary>
    private static (List<(long Sequence, WorkflowEvent Event)> Events, InstanceState State) WithLifecycle(OrchestrationRun run, IList<HistoryEvent> history)
    {
        var lifecycle = new Queue<WorkflowEvent>(history.Select(Lifecycle).OfType<WorkflowEvent>().OrderBy(e => e.At));
        if (lifecycle.Count == 0)
        {
            return ([.. run.Applied], run.State);
        }
        var merged = new List<WorkflowEvent>();
        foreach (var (_, e) in run.Applied)
        {
            while (lifecycle.Count > 0 && lifecycle.Peek().At <= e.At && e is not InstanceStarted)
            {
                merged.Add(lifecycle.Dequeue());
            }
            merged.Add(e);
        }
        merged.AddRange(lifecycle);
        var state = run.Base;
        var plans = run.Replay;
        var plan = plans.Start;
        var events = new List<(long, WorkflowEvent)>();
        foreach (var e in merged)
        {
            var next = plans.For(plan, e);
            var result = WorkflowEngine.Apply(next, state, e);
            if (result.Accepted)
            {
                (state, plan) = (result.State, next);
                events.Add((state.Sequence, e));
            }
        }
        return (events, state ?? run.State);
    }

    private static WorkflowEvent? Lifecycle(HistoryEvent e)
    {
        var at = new DateTimeOffset(DateTime.SpecifyKind(e.Timestamp, DateTimeKind.Utc));
        return e switch
        {
            ExecutionSuspendedEvent s => new SuspendRequested(at, s.Reason ?? ""),
            ExecutionResumedEvent r => new ResumeRequested(at, r.Reason ?? ""),
            ExecutionTerminatedEvent t => new TerminateRequested(at, Reason(t.Input)),
            _ => null,
        };
    }

    // A terminate's reason is its output, serialized by the client as a JSON string.
    private static string Reason(string? serialized)
    {
        try
        {
            return serialized is { Length: > 0 } && JsonNode.Parse(serialized) is JsonValue v && v.TryGetValue<string>(out var reason) ? reason : serialized ?? "";
        }
        catch (JsonException)
        {
            return serialized ?? "";
        }
    }
}
