using System.Text.Json.Nodes;
using Baton.Core.Engine;
using Baton.Runtime.Runners;
using Baton.Abstractions;

namespace Baton.Durable.Tests.Conformance;

/// <summary>What an instance's history gives on every backend: the same events in the same order with the same sequence
/// numbers, each step's data in the status, the state at any point, and forks that run only what came after the point.</summary>
public abstract class HistoryConformance : ConformanceSuite
{
    private IWorkflowBackend Contract => Backend.Backend;

    private async Task<List<string>> KindsAsync(string id)
    {
        var entries = await Contract.ReadHistoryAsync(id, 0, 1000, default);
        Assert.Equal(Enumerable.Range(0, entries.Count).Select(i => (long)i), entries.Select(e => e.Sequence));
        return [.. entries.Select(e => e.Kind)];
    }

    private async Task UntilAsync(string id, Func<InstanceState, bool> condition)
    {
        for (var i = 0; i < 600; i++)
        {
            if (await Contract.GetStateAsync(id, default) is { } state && condition(state))
            {
                return;
            }
            await Task.Delay(50);
        }
        Assert.Fail($"{id} never reached the state the test waits for: {(await Contract.GetStateAsync(id, default))?.Status}");
    }

    [Fact]
    public async Task History_StepsAndAnEvent_SameKindsAndSequencesOnEveryBackend()
    {
        var id = await Backend.StartAsync(new StartRequest(Backends.Workflow("kinds", """
              steps:
                - { id: a, task: echo, input: { v: 1 } }
                - { id: gate, type: event, event: go, depends_on: [a] }
                - { id: b, task: echo, depends_on: [gate], input: { by: "${steps.gate.output.by}" } }
            """), null, null, "kinds"));
        await UntilAsync(id, s => s.Steps.GetValueOrDefault("gate")?.Status == StepStatus.Waiting);
        await Backend.RaiseEventAsync(id, "go", new JsonObject { ["by"] = "ada" });

        Assert.Equal(InstanceStatus.Completed, (await Backend.WaitAsync(id)).Status);
        Assert.Equal(["InstanceStarted", "TaskCompleted", "EventRaised", "TaskCompleted"], await KindsAsync(id));
    }

    [Fact]
    public async Task History_SuspendResumeTerminate_AreEventsAndTheLastSaysWhy()
    {
        var id = await Backend.StartAsync(new StartRequest(Backends.Workflow("lifecycle", "  steps:\n    - { id: gate, type: event, event: never }\n"), null, null, "lifecycle"));
        await UntilAsync(id, s => s.Status == InstanceStatus.Running && s.Steps.ContainsKey("gate"));
        await Backend.SuspendAsync(id);
        await UntilAsync(id, s => s.Status == InstanceStatus.Suspended);
        await Backend.ResumeAsync(id);
        await UntilAsync(id, s => s.Status == InstanceStatus.Running);
        await Backend.TerminateAsync(id);

        Assert.Equal(InstanceStatus.Terminated, (await Backend.WaitAsync(id)).Status);
        Assert.Equal(["InstanceStarted", "SuspendRequested", "ResumeRequested", "TerminateRequested"], await KindsAsync(id));
        Assert.Equal(("Terminated", "conformance"), ((await Contract.GetStateAsync(id, default))!.Error!.Code, (await Contract.GetStateAsync(id, default))!.Error!.Message));
    }

    [Fact]
    public async Task Status_FinishedInstance_ShowsEveryStepsInputOutputAndAttempts()
    {
        var outcome = await Backend.WaitAsync(await Backend.StartAsync(new StartRequest(Backends.Workflow("data", """
              steps:
                - { id: a, task: add, input: { n: "${input.n}" } }
                - { id: b, task: add, depends_on: [a], input: { n: "${steps.a.output.n}" } }
            """), null, new JsonObject { ["n"] = 1 }, "data")));

        var state = (await Contract.GetStateAsync("data", default))!;
        Assert.Equal(InstanceStatus.Completed, outcome.Status);
        Assert.Equal(("""{"n":1}""", """{"n":2}""", 1), (state.Steps["a"].Input!.ToJsonString(), state.Steps["a"].Output!.ToJsonString(), state.Steps["a"].Attempt));
        Assert.Equal(("""{"n":2}""", """{"n":3}"""), (state.Steps["b"].Input!.ToJsonString(), state.Steps["b"].Output!.ToJsonString()));
        Assert.NotNull(state.Steps["b"].StartedAt);
    }

    [Fact]
    public async Task StateAt_EachEvent_ShowsTheStateRightAfterIt()
    {
        await Backend.WaitAsync(await Backend.StartAsync(new StartRequest(Travel, null, new JsonObject { ["v"] = "old" }, "past")));

        var atStart = (await Contract.GetStateAtAsync("past", 0, default))!;
        var afterFirst = (await Contract.GetStateAtAsync("past", 1, default))!;

        Assert.Equal((StepStatus.Running, 0L), (atStart.Steps["first"].Status, atStart.Sequence));
        Assert.Equal((StepStatus.Succeeded, StepStatus.Running, InstanceStatus.Running), (afterFirst.Steps["first"].Status, afterFirst.Steps["second"].Status, afterFirst.Status));
        await Assert.ThrowsAsync<InvalidHistoryPointException>(() => Contract.GetStateAtAsync("past", 9, default));
        Assert.Null(await Contract.GetStateAtAsync("nobody", 0, default));
    }

    [Fact]
    public async Task Fork_AfterTheFirstStep_RunsOnlyWhatCameAfterWithTheNewInput()
    {
        // Ids of this backend's own: the tally counts runs across the suites that run at once.
        var (orig, forked) = ("orig-" + GetType().Name, "fork-" + GetType().Name);
        await Backend.WaitAsync(await Backend.StartAsync(new StartRequest(Travel, null, new JsonObject { ["v"] = "old" }, orig)));

        var id = await Contract.ForkAsync(new ForkRequest(orig, 1, new JsonObject { ["v"] = "new" }, true, forked), default);
        var fork = await Backend.WaitAsync(id!);

        Assert.Equal(InstanceStatus.Completed, fork.Status);
        Assert.Equal("""{"kept":"old","now":"new"}""", fork.Output!.ToJsonString());
        Assert.Equal((1, 1), (fork.Steps["first"].Attempt, fork.Steps["second"].Attempt));
        // The first step's result was taken from the original: it never ran in the fork; the second ran once.
        Assert.Equal((0, 1), (Backends.Tallies.GetValueOrDefault($"{forked}/first"), Backends.Tallies.GetValueOrDefault($"{forked}/second")));
        Assert.Equal(["InstanceStarted", "TaskCompleted", "TaskCompleted"], await KindsAsync(forked));
        Assert.Equal("""{"v":"old"}""", (await Contract.GetStateAsync(orig, default))!.Input!.ToJsonString());
        await Assert.ThrowsAsync<InstanceExistsException>(() => Contract.ForkAsync(new ForkRequest(orig, 1, null, false, forked), default));
    }

    private static Baton.Abstractions.StoredDefinition Travel => Backends.Workflow("travel", """
          steps:
            - { id: first, task: tally, input: { v: "${input.v}" } }
            - { id: second, task: tally, depends_on: [first], input: { kept: "${steps.first.output.v}", now: "${input.v}" } }
          output:
            mapping: "${steps.second.output}"
        """);

    /// <summary>On the embedded hub.</summary>
    public sealed class OnEmbeddedHub : HistoryConformance
    {
        protected override Task<IBackendDriver> CreateAsync(FunctionRegistry functions, Func<string, string?> appSetting) => EmbeddedDriver.StartAsync(functions, appSetting);
    }

    /// <summary>On a local Durable worker with orchestrations in memory.</summary>
    public sealed class OnInProcessDurable : HistoryConformance
    {
        protected override Task<IBackendDriver> CreateAsync(FunctionRegistry functions, Func<string, string?> appSetting) => InProcessDurableDriver.StartAsync(functions, appSetting);
    }

    /// <summary>On a local Durable worker over Azure Storage (Azurite).</summary>
    public sealed class OnAzuriteDurable : HistoryConformance
    {
        protected override Task<IBackendDriver> CreateAsync(FunctionRegistry functions, Func<string, string?> appSetting) => AzuriteDurableDriver.StartAsync(functions, appSetting);
    }
}
