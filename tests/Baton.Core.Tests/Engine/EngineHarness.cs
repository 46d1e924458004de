using System.Collections.Immutable;
using System.Text.Json.Nodes;
using Baton.Core.Definitions;
using Baton.Core.Engine;
using Baton.Core.Engine.Commands;
using Baton.Core.Engine.Events;

namespace Baton.Core.Tests.Engine;

/// <summary>Drives the pure engine by hand: a clock that only moves when told, and the latest state.</summary>
internal sealed class EngineHarness
{
    public static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private EngineHarness(WorkflowPlan plan) => Plan = plan;

    public WorkflowPlan Plan { get; private set; }

    public InstanceState? State { get; private set; }

    public DateTimeOffset Now { get; private set; } = T0;

    public static EngineHarness For(string spec) => new(Compile(spec));

    /// <summary>The plan of workflow <c>test</c> at a version.</summary>
    public static WorkflowPlan Compile(string spec, string version = "1") =>
        WorkflowPlan.Compile(DefinitionLoader.Load(
            $"apiVersion: baton.dev/v1\nkind: Workflow\nmetadata:\n  name: test\n  version: '{version}'\nspec:\n" + spec, "test.yaml").GetOrThrow());

    /// <summary>Moves the instance to <paramref name="to"/> (definition hash <c>v{version}</c>); the harness runs that plan from then on when accepted.</summary>
    public EngineResult Migrate(WorkflowPlan to)
    {
        var version = to.Definition.Metadata.Version;
        var result = WorkflowEngine.Apply(to, State, new InstanceMigrated(Now, State!.WorkflowVersion, version, "v" + State.WorkflowVersion, "v" + version, "test"));
        (State, Plan) = result.Accepted ? (result.State, to) : (State, Plan);
        return result;
    }

    public void Advance(TimeSpan by) => Now += by;

    public EngineResult Start(JsonNode? input = null, string seed = "seed") =>
        Apply(new InstanceStarted(Now, "i-1", input, seed, ImmutableSortedDictionary<string, string>.Empty));

    public EngineResult Apply(WorkflowEvent e)
    {
        var result = WorkflowEngine.Apply(Plan, State, e);
        State = result.State;
        return result;
    }

    public EngineResult Complete(string step, int attempt = 1, JsonNode? output = null) =>
        Apply(new TaskCompleted(Now, step, attempt, output ?? new JsonObject { ["from"] = step }));

    public EngineResult Fail(string step, int attempt = 1, string message = "boom", bool retryable = true) =>
        Apply(new TaskFailed(Now, step, attempt, new ErrorInfo("TaskFailed", message), retryable));

    /// <summary>Fires a timer named in its text form, so the tests also read what the engine writes.</summary>
    public EngineResult Fire(string timerId) => Fire(TimerId.Parse(timerId));

    public EngineResult Fire(TimerId timerId) => Apply(new TimerFired(Now, timerId));

    public StepState Step(string id) => State!.Steps[id];

    public static IEnumerable<DispatchTask> Dispatches(EngineResult r) => r.Commands.OfType<DispatchTask>();

    public static string[] Dispatched(EngineResult r) => [.. Dispatches(r).Select(d => $"{d.StepId}#{d.Attempt}")];
}
