using System.Text.Json.Nodes;
using Baton.Core.Engine;
using Baton.Runtime.Runners;
using Baton.Testing;
using Baton.Abstractions;

namespace Baton.Embedded.Tests;

/// <summary>Workflow steps on the embedded hub: a registered workflow runs as a child instance of the step's attempt.</summary>
public sealed class EmbeddedBackendChildWorkflowTests : IAsyncLifetime
{
    private readonly TempDirectory _dir = new();
    private HubHarness _h = null!;

    public async Task InitializeAsync() => _h = await HubHarness.StartAsync(_dir, FunctionRegistry.WithBuiltIns(TimeProvider.System)
        .Register("boom", _ => throw new NonRetryableTaskException("the child broke")));

    public async Task DisposeAsync()
    {
        await _h.DisposeAsync();
        _dir.Dispose();
    }

    private async Task RegisterAsync(string name, string version, string spec)
    {
        var def = TestDefinitions.Workflow(name, spec) with { Version = version };
        await _h.Hub.Store.SaveDefinitionAsync(def, default);
        await _h.Hub.Store.RegisterAsync("workflow", name, version, def.Hash, DateTimeOffset.UtcNow, default);
    }

    private static StoredDefinition Parent(string stepExtra = "") => HubHarness.Definition($$"""
          steps:
            - { id: prepare, task: echo, input: { n: "${input.n}" } }
            - { id: call, type: workflow, workflow: child, depends_on: [prepare], input: { n: "${steps.prepare.output.n}" }{{stepExtra}} }
          output:
            mapping: { doubled: "${steps.call.output.doubled}" }
        """, "parent");

    [Fact]
    public async Task Run_WorkflowStep_RunsTheRegisteredWorkflowAsAChildAndTakesItsOutput()
    {
        await RegisterAsync("child", "1", "  steps:\n    - { id: twice, type: set, input: { doubled: \"${input.n * 2}\" } }\n  output:\n    mapping: \"${steps.twice.output}\"\n");

        var done = await _h.RunAsync(Parent(), new JsonObject { ["n"] = 21 }, "p1");

        Assert.Equal(InstanceStatus.Completed, done.Status);
        Assert.Equal("""{"doubled":42}""", done.Output!.ToJsonString());
        var child = await _h.Hub.GetStateAsync("p1.call.1", default);
        Assert.Equal((InstanceStatus.Completed, "child"), (child!.Status, child.WorkflowName));
    }

    [Fact]
    public async Task Run_PinnedVersion_RunsThatVersionNotTheActiveOne()
    {
        await RegisterAsync("child", "1", "  steps:\n    - { id: twice, type: set, input: { doubled: \"${input.n * 2}\" } }\n  output:\n    mapping: \"${steps.twice.output}\"\n");
        await RegisterAsync("child", "2", "  steps:\n    - { id: thrice, type: set, input: { doubled: \"${input.n * 3}\" } }\n  output:\n    mapping: \"${steps.thrice.output}\"\n");

        var pinned = await _h.RunAsync(Parent(", version: \"2\""), new JsonObject { ["n"] = 2 }, "p2");

        Assert.Equal("""{"doubled":6}""", pinned.Output!.ToJsonString());
    }

    [Fact]
    public async Task Run_ChildFails_TheParentStepFailsWithTheChildsError()
    {
        await RegisterAsync("child", "1", "  steps:\n    - { id: break, task: boom }\n");

        var done = await _h.RunAsync(Parent(), new JsonObject { ["n"] = 1 }, "p3");

        Assert.Equal(InstanceStatus.Failed, done.Status);
        Assert.Equal("ChildWorkflowFailed", done.Error!.Code);
        Assert.Contains("the child broke", done.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_UnregisteredWorkflow_FailsSaying()
    {
        var done = await _h.RunAsync(Parent(), new JsonObject { ["n"] = 1 }, "p4");

        Assert.Equal("UnknownWorkflow", done.Error!.Code);
    }

    [Fact]
    public async Task Terminate_ParentWhileTheChildWaits_TerminatesTheChild()
    {
        await RegisterAsync("child", "1", "  steps:\n    - { id: approval, type: event, event: approved }\n");
        await _h.StartAsync(Parent(), new JsonObject { ["n"] = 1 }, "p5");
        for (var i = 0; i < 200 && await _h.Hub.GetStateAsync("p5.call.1", default) is null; i++)
        {
            await Task.Delay(25);
        }

        await _h.Hub.TerminateAsync("p5", "operator", default);

        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var child = await _h.Hub.WaitForCompletionAsync("p5.call.1", cts.Token);
        Assert.Equal(InstanceStatus.Terminated, child.Status);
        Assert.Contains("its parent step 'call' of 'p5' was cancelled", child.Error!.Message, StringComparison.Ordinal);
    }
}
