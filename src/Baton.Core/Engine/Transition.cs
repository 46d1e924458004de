using System.Collections.Immutable;
using System.Text.Json.Nodes;
using Baton.Core.Engine.Commands;
using Baton.Core.Expressions;

namespace Baton.Core.Engine;

/// <summary>The work of applying one event: a new state built up step by step, the commands, the changed steps.</summary>
/// <remarks>Only new immutable snapshots are made; the state handed in is never touched, so a failed transition
/// leaves nothing behind.</remarks>
internal sealed partial class Transition
{
    private WorkflowPlan _plan;
    private readonly WorkflowPlan _origin;
    private readonly DateTimeOffset _at;
    private readonly List<EngineCommand> _commands = [];
    private readonly List<string> _changed = [];
    private readonly HashSet<string> _changedSet = new(StringComparer.Ordinal);
    private readonly Queue<string> _ready = new();

    /// <param name="plan">The plan the instance runs now (with steps results added).</param>
    /// <param name="state">The instance's state.</param>
    /// <param name="at">When the event happened.</param>
    /// <param name="origin">The workflow's own plan, when <paramref name="plan"/> extends it: what plans with steps added are remembered against.</param>
    public Transition(WorkflowPlan plan, InstanceState state, DateTimeOffset at, WorkflowPlan? origin = null)
    {
        _plan = plan;
        _origin = origin ?? plan;
        State = state;
        _at = at;
    }

    public InstanceState State { get; private set; }

    public EngineResult Result() =>
        new(true, State with { Sequence = State.Sequence + 1, UpdatedAt = _at }, [.. _commands], [.. _changed]);

    private StepState Step(string id) => State.Steps[id];

    // A for_each's items (id[i]) run with its body's plan.
    private StepPlan PlanOf(string id) => _plan.Steps.TryGetValue(id, out var plan) ? plan : _plan.Steps[ParseItem(id).ForEachId].Body!;

    private void SetStep(StepState next)
    {
        var before = State.Steps[next.Id];
        var open = State.OpenSteps - (!before.Status.IsTerminal() && next.Status.IsTerminal() ? 1 : 0);
        State = State with { Steps = State.Steps.SetItem(next.Id, next), OpenSteps = open };
        if (_changedSet.Add(next.Id))
        {
            _changed.Add(next.Id);
        }
    }

    // Timers are named for the run that set them (see TimerId.Generation).
    private void Emit(EngineCommand command) => _commands.Add(State.Generation == 0 ? command : command switch
    {
        ScheduleTimer s => s with { TimerId = s.TimerId.InGeneration(State.Generation) },
        CancelTimer c => c with { TimerId = c.TimerId.InGeneration(State.Generation) },
        _ => command,
    });


    private void EnqueueDependents(string id)
    {
        foreach (var d in PlanOf(id).Dependents)
        {
            _ready.Enqueue(d);
        }
    }

    private EvaluationContext Context(string scope) => Context(scope, null);

    /// <summary>A step's context with more names bound (<c>item</c> and <c>index</c>, <c>iteration</c> and <c>last</c>, a step's
    /// <c>output</c>), seeded by <paramref name="seedScope"/> (an item's own id, so each item draws its own uuids).</summary>
    private EvaluationContext BoundContext(string scope, string seedScope, params (string Name, JsonNode? Value)[] names)
    {
        var context = Context(scope);
        var roots = new Dictionary<string, JsonNode?>(context.Roots, StringComparer.Ordinal);
        foreach (var (name, value) in names)
        {
            roots[name] = value?.DeepClone();
        }
        return new EvaluationContext(roots, _at, $"{State.Seed}/{seedScope}") { StepLookup = context.StepLookup, StepIds = context.StepIds };
    }

    /// <summary>The evaluation context for a step (or the output), with <c>event</c> bound when <paramref name="raised"/> is given.</summary>
    private EvaluationContext Context(string scope, RaisedEvent? raised)
    {
        var roots = new Dictionary<string, JsonNode?>(StringComparer.Ordinal)
        {
            ["input"] = State.Input,
            ["variables"] = State.Variables,
            ["env"] = new JsonObject(State.Env.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)JsonValue.Create(p.Value)))),
            ["workflow"] = new JsonObject
            {
                ["id"] = State.InstanceId,
                ["name"] = State.WorkflowName,
                ["version"] = State.WorkflowVersion,
                ["started_at"] = State.CreatedAt.ToString("O"),
            },
            ["steps"] = null,
        };
        if (raised is not null)
        {
            roots["event"] = raised.Data;
        }
        return new EvaluationContext(roots, _at, $"{State.Seed}/{scope}")
        {
            StepLookup = StepView,
            StepIds = _plan.Definition.Steps.Select(s => s.Id),
        };
    }

    private JsonNode? StepView(string id) => State.Steps.TryGetValue(id, out var s)
        ? new JsonObject
        {
            ["status"] = s.Status.ToWireName(),
            ["output"] = s.Output?.DeepClone(),
            ["error"] = s.Error is null ? null : new JsonObject { ["code"] = s.Error.Code, ["message"] = s.Error.Message },
            ["attempts"] = State.AttemptsInRun(s),
            ["duration"] = s.DurationMs is { } ms ? Values.Number(ms) : null,
        }
        : null;

    private static ImmutableDictionary<string, StepState> InitialSteps(WorkflowPlan plan) =>
        plan.Definition.Steps.ToImmutableDictionary(s => s.Id, s => new StepState(s.Id, StepStatus.Pending), StringComparer.Ordinal);
}
