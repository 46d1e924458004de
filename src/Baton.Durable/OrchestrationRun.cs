using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Nodes;
using Baton.Core.Engine;
using Baton.Core.Engine.Commands;
using Baton.Core.Engine.Events;
using Microsoft.DurableTask;
using Baton.Abstractions;
using Baton.Runtime.Catalog;

namespace Baton.Durable;

/// <summary>One execution (generation) of the generic orchestrator: the loop that feeds Durable results to the engine.</summary>
/// <remarks>Everything outstanding (activities, timers, waits for events and for service reports) is kept in one
/// <see cref="PendingSet"/> and taken in the order the Durable Task SDK completes it, which is history order on replay,
/// so the engine sees the same events in the same order every time.</remarks>
internal sealed partial class OrchestrationRun
{
    /// <summary>Plans by definition hash; compiled from the text in the orchestration input, never looked up.</summary>
    private static readonly PlanCache Plans = new((_, _) => Task.FromResult<StoredDefinition?>(null));

    private readonly TaskOrchestrationContext _ctx;
    private readonly WorkflowInput _input;
    private readonly OrchestratorOptions _options;
    private readonly WorkflowPlan _startPlan;
    private WorkflowPlan _plan;
    private readonly PendingSet _pending = new();
    private readonly Dictionary<TimerId, (DateTimeOffset Due, CancellationTokenSource Cancel)> _timers = [];
    private readonly Dictionary<(string Step, int Attempt), string?> _handed = [];
    private string[] _eventNames;
    private readonly List<(long Sequence, WorkflowEvent Event)> _applied = [];
    private InstanceState _state = null!;
    private long? _restartedAt;
    private int _events;
    private JsonObject? _status;
    private StatusCounts _counts = null!;

    public OrchestrationRun(TaskOrchestrationContext context, WorkflowInput input, OrchestratorOptions options)
    {
        _ctx = context;
        _input = input;
        _options = options;
        _migrated = input.Carried?.Migrated;
        _plan = _startPlan = _migrated is { } migrated ? PlanOf(migrated) : input.Plan(Plans);
        _eventNames = EventNames(_plan);
    }

    private enum Kind
    {
        Activity,
        Report,
        Timer,
        Event,
        Control,
    }

    /// <summary>The state this execution started from: a carried one, or null for a new instance.</summary>
    internal InstanceState? Base { get; private set; }

    /// <summary>The engine events this execution applied and the engine accepted, with their sequence numbers, in order.</summary>
    internal IReadOnlyList<(long Sequence, WorkflowEvent Event)> Applied => _applied;

    /// <summary>The state after the last of <see cref="Applied"/>.</summary>
    internal InstanceState State => _state;

    /// <summary>The sequence of the event after which the workflow started over (<c>continue_as_new</c>) in this execution,
    /// if it did: history before it is compacted away, as on the embedded hub.</summary>
    internal long? RestartedAt => _restartedAt;

    /// <summary>The plans this execution applied its events with: the one it began with, and those it was migrated to.</summary>
    internal ReplayPlans Replay => new(_startPlan, _migratedPlans);

    /// <summary>The workflow input this execution runs with.</summary>
    internal WorkflowInput Input => _input;

    private DateTimeOffset Now => new(DateTime.SpecifyKind(_ctx.CurrentUtcDateTime, DateTimeKind.Utc));

    public async Task<JsonNode?> RunAsync()
    {
        if (_input.Carried is { } carried)
        {
            _state = JsonSerializer.Deserialize<InstanceState>(carried.State, EngineJson.Options)
                ?? throw new InvalidOperationException("The carried engine state is empty.");
            Base = _state;
            if (carried.History is { Count: > 0 } history)
            {
                // The engine events of the execution this one carries on from, whose own history the framework drops: kept
                // first, before anything else can happen, so the instance's history never has a gap.
                await _ctx.CallActivityAsync<bool>(DurableNames.KeepHistory, new KeptHistory(_ctx.InstanceId, history, carried.CompactBefore)).ConfigureAwait(true);
            }
            foreach (var (id, due) in carried.Timers)
            {
                Arm(new ScheduleTimer(TimerId.Parse(id), due));
            }
            // A fork starts with the attempts that were running at its point.
            Execute([.. carried.Dispatch ?? []]);
        }
        else
        {
            var started = new InstanceStarted(Now, _ctx.InstanceId, _input.Input?.DeepClone(), _input.Seed,
                _input.Env ?? ImmutableSortedDictionary<string, string>.Empty, _input.TraceParent);
            var first = WorkflowEngine.Apply(_plan, null, started);
            _state = first.State;
            _applied.Add((_state.Sequence, started));
            _events++;
            Observe(started, first.ChangedSteps);
            Execute(first.Commands);
        }
        ShowStatus();
        if (_input.RewindReason is { } reason)
        {
            Apply(new RewindRequested(Now, reason));
        }
        while (!_state.IsTerminal)
        {
            Rearm();
            // Continuing as new drops what was taken but not applied, so only when nothing is: events the framework
            // delivers after the continue are carried over to the next execution by the framework itself.
            if (_events >= _options.MaxEventsPerGeneration && !_pending.Working && !_pending.HasReady)
            {
                ContinueAsNew();
                return null;
            }
            if (_pending.Count == (_pending.Contains(Kind.Control, MigrateKey) ? 1 : 0))
            {
                throw new WorkflowFailedException("Stalled", "Nothing is running, scheduled or awaited, yet the workflow has not finished.");
            }
            var pending = await _pending.NextAsync().ConfigureAwait(true);
            if (pending.OnDone(pending.Task) is { } e)
            {
                Apply(e);
            }
        }
        return await FinishAsync().ConfigureAwait(true);
    }

    /// <summary>Applies an event with the plan the instance runs, or with <paramref name="plan"/> (a migration's); true when accepted.</summary>
    private bool Apply(WorkflowEvent e, WorkflowPlan? plan = null)
    {
        var result = WorkflowEngine.Apply(plan ?? _plan, _state, e);
        if (!result.Accepted)
        {
            return false;
        }
        _counts.Apply(_state, result);
        _state = result.State;
        _applied.Add((_state.Sequence, e));
        _events++;
        Observe(e, result.ChangedSteps);
        if (plan is not null)
        {
            // Moved to another version: its plan runs from here on, and the status describes it afresh.
            _plan = plan;
            _eventNames = EventNames(plan);
            Execute(result.Commands);
            ShowStatus();
            return true;
        }
        Execute(result.Commands);
        OrchestrationStatus.Update(_status!, _state, _plan, result.ChangedSteps, _counts.Completed, _counts.Active);
        return true;
    }

    private void Execute(ImmutableArray<EngineCommand> commands)
    {
        foreach (var command in commands)
        {
            switch (command)
            {
                case DispatchTask d:
                    Dispatch(d);
                    break;
                case ScheduleTimer t:
                    Arm(t);
                    break;
                case CancelTimer c:
                    Disarm(c.TimerId);
                    break;
                case CancelTask c:
                    // A Durable activity cannot be stopped; its result, if it comes, is simply no longer awaited.
                    _pending.Remove(Kind.Activity, AttemptKey(c.StepId, c.Attempt));
                    _pending.Remove(Kind.Report, AttemptKey(c.StepId, c.Attempt));
                    _handed.Remove((c.StepId, c.Attempt));
                    break;
                case InstanceFinished:
                    break;
                case InstanceContinued:
                    // The workflow started over: this orchestration continues as new at its next quiet point, which drops
                    // the old run's history (the engine state carried over is the new run's alone).
                    _events = Math.Max(_events, _options.MaxEventsPerGeneration);
                    _restartedAt = _state.Sequence;
                    break;
                default:
                    throw new InvalidOperationException($"The generic orchestrator does not know the command {command.GetType().Name}.");
            }
        }
    }

    private async Task<JsonNode?> FinishAsync()
    {
        foreach (var (_, timer) in _timers)
        {
            timer.Cancel.Cancel();
        }
        if (_state.Status == InstanceStatus.Failed)
        {
            // The state is kept outside history so a rewind can start a new generation from it.
            await _ctx.CallActivityAsync<bool>(DurableNames.KeepState, new KeptState(_ctx.InstanceId, Carry(ImmutableSortedDictionary<string, DateTimeOffset>.Empty)))
                .ConfigureAwait(true);
        }
        return _state.Status switch
        {
            InstanceStatus.Completed => _state.Output?.DeepClone(),
            _ when _state.Error is { } error => throw new WorkflowFailedException(error.Code, error.Message),
            _ => throw new WorkflowFailedException(_state.Status.ToString(), $"The workflow ended {_state.Status}."),
        };
    }

    private void ContinueAsNew()
    {
        var timers = _timers.ToImmutableSortedDictionary(t => t.Key.ToString(), t => t.Value.Due, StringComparer.Ordinal);
        foreach (var (_, timer) in _timers)
        {
            timer.Cancel.Cancel();
        }
        // The input shown is the current run's (a workflow that started over has a new one); the state carried is what runs.
        _ctx.ContinueAsNew(_input with { Input = _state.Input?.DeepClone(), Carried = Carry(timers), RewindReason = null }, preserveUnprocessedEvents: true);
    }

    /// <summary>The state the next generation starts from, with this execution's engine events for it to keep (from the
    /// workflow's restart, when it started over: earlier ones are compacted away).</summary>
    private CarriedState Carry(ImmutableSortedDictionary<string, DateTimeOffset> timers) =>
        new(JsonSerializer.Serialize(_state, EngineJson.Options), timers, (_input.Carried?.Generation ?? 0) + 1)
        {
            History = [.. _applied.Where(a => a.Sequence >= (_restartedAt ?? 0)).Select(a => Baton.Abstractions.HistoryEntry.Of(_ctx.InstanceId, a.Sequence, a.Event))],
            CompactBefore = _restartedAt,
            Migrated = _migrated,
        };

    /// <summary>Sets the custom status once per run; the Durable SDK serializes the object when an episode ends, so
    /// later updates to it (see <see cref="OrchestrationStatus.Update"/>) are what gets stored.</summary>
    private void ShowStatus()
    {
        _status = OrchestrationStatus.Describe(_state, _plan, _options.MaxStepsInStatus, _input.Carried?.Generation ?? 0);
        _counts = new StatusCounts(_plan, _state);
        _ctx.SetCustomStatus(_status);
    }

    /// <summary>Counts an applied event in the metrics every backend publishes, once: not again when it is replayed.</summary>
    private void Observe(WorkflowEvent e, IEnumerable<string> changedSteps)
    {
        if (!_ctx.IsReplaying)
        {
            Runtime.WorkflowMetrics.Observe(_state, e, [.. changedSteps.Select(id => _state.Steps.GetValueOrDefault(id)).OfType<StepState>()]);
        }
    }

    private static string AttemptKey(string stepId, int attempt) => $"{stepId}:{attempt}";

    /// <summary>Something the orchestrator awaits, and how its completion becomes an engine event (null: none).</summary>
    private sealed record Pending(Task Task, Kind Kind, string Key, Func<Task, WorkflowEvent?> OnDone);
}
