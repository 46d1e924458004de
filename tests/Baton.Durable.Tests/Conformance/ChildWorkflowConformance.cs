using System.Text.Json.Nodes;
using Baton.Core.Engine;
using Baton.Runtime.Runners;
using Baton.Abstractions;

namespace Baton.Durable.Tests.Conformance;

/// <summary><c>workflow</c> steps on every backend: the child runs as an instance of its own (<c>{parent}.{step}.{attempt}</c>),
/// large values reach it and come back, a failing child fails the step, and terminating a parent terminates its children.</summary>
public abstract class ChildWorkflowConformance : ConformanceSuite
{
    [Fact]
    public async Task WorkflowStep_RunsTheRegisteredWorkflowAsAChildAndTakesItsOutput()
    {
        await Backend.RegisterAsync(Backends.Workflow("child", """
              steps:
                - { id: twice, type: set, input: { doubled: "${input.n * 2}" } }
              output:
                mapping: "${steps.twice.output}"
            """) with { Name = "child", Version = "1" });
        var parent = Backends.Workflow("parent", """
              steps:
                - { id: call, type: workflow, workflow: child, input: { n: "${input.n}" } }
                - { id: missing, type: workflow, workflow: nobody, on_failure: continue }
                - { id: failing, type: workflow, workflow: child, input: { n: "not a number" }, on_failure: continue }
              output:
                mapping: { doubled: "${steps.call.output.doubled}", missing: "${steps.missing.error.code}", failing: "${steps.failing.error.code}" }
            """);

        var outcome = await Backend.WaitAsync(await Backend.StartAsync(new StartRequest(parent, null, new JsonObject { ["n"] = 21 }, "parent")));

        Assert.Equal(InstanceStatus.Completed, outcome.Status);
        Assert.Equal("""{"doubled":42,"missing":"UnknownWorkflow","failing":"ChildWorkflowFailed"}""", outcome.Output!.ToJsonString());
        Assert.Equal(InstanceStatus.Completed, await Backend.StatusAsync("parent.call.1"));
    }

    [Fact]
    public async Task WorkflowStep_LargeValuesInAndOut_ReachTheChildAndComeBackToTheParent()
    {
        await Backend.RegisterAsync(Backends.Workflow("echo-big", """
              steps:
                - { id: m, task: measure, input: { text: "${input.text}" } }
              output:
                mapping: { text: "${input.text}", length: "${steps.m.output.length}" }
            """) with { Name = "echo-big", Version = "1" });
        var parent = Backends.Workflow("carrier", """
              steps:
                - { id: big, task: big, input: { chars: 40000 } }
                - { id: call, type: workflow, workflow: echo-big, depends_on: [big], input: { text: "${steps.big.output.text}" } }
                - { id: back, task: measure, depends_on: [call], input: { text: "${steps.call.output.text}" } }
              output:
                mapping: { inChild: "${steps.call.output.length}", backInParent: "${steps.back.output.length}" }
            """);

        var outcome = await Backend.WaitAsync(await Backend.StartAsync(new StartRequest(parent, null, null, "carrier")));

        Assert.Equal(InstanceStatus.Completed, outcome.Status);
        Assert.Equal("""{"inChild":40000,"backInParent":40000}""", outcome.Output!.ToJsonString());
    }

    [Fact]
    public async Task Terminate_ParentWithARunningChild_TerminatesTheChildToo()
    {
        await Backend.RegisterAsync(Backends.Workflow("waiter", "  steps:\n    - { id: gate, type: event, event: never }\n") with { Name = "waiter", Version = "1" });
        var parent = Backends.Workflow("holder", "  steps:\n    - { id: call, type: workflow, workflow: waiter }\n");
        var id = await Backend.StartAsync(new StartRequest(parent, null, null, "holder"));
        await UntilStatusAsync("holder.call.1", InstanceStatus.Running);

        await Backend.TerminateAsync(id);

        Assert.Equal(InstanceStatus.Terminated, (await Backend.WaitAsync(id)).Status);
        await UntilStatusAsync("holder.call.1", InstanceStatus.Terminated);
    }

    /// <summary>On the embedded hub.</summary>
    public sealed class OnEmbeddedHub : ChildWorkflowConformance
    {
        protected override Task<IBackendDriver> CreateAsync(FunctionRegistry functions, Func<string, string?> appSetting) => EmbeddedDriver.StartAsync(functions, appSetting);
    }

    /// <summary>On a local Durable worker with orchestrations in memory.</summary>
    public sealed class OnInProcessDurable : ChildWorkflowConformance
    {
        protected override Task<IBackendDriver> CreateAsync(FunctionRegistry functions, Func<string, string?> appSetting) => InProcessDurableDriver.StartAsync(functions, appSetting);
    }

    /// <summary>On a local Durable worker over Azure Storage (Azurite).</summary>
    public sealed class OnAzuriteDurable : ChildWorkflowConformance
    {
        protected override Task<IBackendDriver> CreateAsync(FunctionRegistry functions, Func<string, string?> appSetting) => AzuriteDurableDriver.StartAsync(functions, appSetting);
    }
}
