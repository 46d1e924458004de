using System.Text.Json.Nodes;
using Baton.Core.Engine;
using Baton.Core.Engine.Commands;
using static Baton.Core.Tests.Engine.EngineHarness;

namespace Baton.Core.Tests.Engine;

public class MigrationTests
{
    private const string V1 = """
          steps:
            - { id: a, task: t }
            - { id: b, task: t, depends_on: [a] }
            - { id: c, task: t, depends_on: [b], input: { v: 1 } }
        """;

    [Fact]
    public void Migrate_CompatibleVersion_KeepsStartedStepsAndRunsTheNewOnes()
    {
        var h = For(V1);
        h.Start();
        h.Complete("a");
        var v2 = Compile("""
              steps:
                - { id: a, task: t }
                - { id: b, task: t, depends_on: [a] }
                - { id: d, task: t, depends_on: [b], input: { v: 2 } }
                - { id: side, task: t, depends_on: [a] }
              output: { mapping: { d: "${steps.d.output}" } }
            """, "2");

        Assert.Empty(Migration.Check(h.Plan, v2, h.State!));
        var moved = h.Migrate(v2);

        Assert.True(moved.Accepted);
        Assert.Equal(("2", "v2"), (h.State!.WorkflowVersion, h.State.Definition));
        Assert.Equal(["side#1"], Dispatched(moved));
        Assert.False(h.State.Steps.ContainsKey("c"));
        Assert.Equal((StepStatus.Succeeded, StepStatus.Running, 1), (h.Step("a").Status, h.Step("b").Status, h.Step("b").Attempt));
        Assert.Equal(["d#1"], Dispatched(h.Complete("b")));
        h.Complete("side");
        var done = h.Complete("d", output: new JsonObject { ["v"] = 2 });
        Assert.Equal((InstanceStatus.Completed, """{"d":{"v":2}}"""), (done.State.Status, done.State.Output!.ToJsonString()));
    }

    [Fact]
    public void Migrate_VersionWithoutThePendingSteps_CompletesWhenTheRunningOneEnds()
    {
        var h = For(V1);
        h.Start();

        var moved = h.Migrate(Compile("  steps:\n    - { id: a, task: t }\n", "2"));

        Assert.True(moved.Accepted);
        Assert.Equal(["a"], h.State!.Steps.Keys);
        Assert.Equal(1, h.State.OpenSteps);
        Assert.Equal(InstanceStatus.Completed, h.Complete("a").State.Status);
    }

    [Fact]
    public void Check_StartedStepChangesMeaningOrGoes_ListsEveryReason()
    {
        var h = For(V1);
        h.Start();
        h.Complete("a");
        var v2 = Compile("""
              steps:
                - { id: b, task: other }
                - { id: c, type: wait, duration: 1s, depends_on: [b] }
            """, "2");

        var problems = Migration.Check(h.Plan, v2, h.State!);

        Assert.Equal(2, problems.Count);
        Assert.Contains("Step 'a' is succeeded, and version 2 has no step 'a'.", problems);
        Assert.Contains(problems, p => p.StartsWith("Step 'b' is running: it is a task step calling 't', but a task step calling 'other' in version 2.", StringComparison.Ordinal));
        Assert.False(h.Migrate(v2).Accepted);
        Assert.Equal("1", h.State!.WorkflowVersion);
    }

    [Fact]
    public void Check_InputDoesNotFitTheNewSchema_IsRefused()
    {
        var h = For(V1);
        h.Start(new JsonObject { ["n"] = "x" });
        var v2 = Compile(V1 + "\n  input:\n    schema: { type: object, required: [id], properties: { id: { type: string } } }\n", "2");

        var problems = Migration.Check(h.Plan, v2, h.State!);

        Assert.Contains(problems, p => p.StartsWith("The instance's input does not fit version 2's input schema:", StringComparison.Ordinal) && p.Contains("id", StringComparison.Ordinal));
    }

    [Fact]
    public void Check_SuspendedOrFinishedOrOtherWorkflow_IsRefused()
    {
        var h = For(V1);
        h.Start();
        h.Apply(new Baton.Core.Engine.Events.SuspendRequested(h.Now, "pause"));
        var other = WorkflowPlan.Compile(Baton.Core.Definitions.DefinitionLoader.Load(
            "apiVersion: baton.dev/v1\nkind: Workflow\nmetadata: { name: other, version: '2' }\nspec:\n" + V1, "o.yaml").GetOrThrow());

        Assert.Equal("The instance is suspended: only a running instance migrates; resume it first.", Migration.Check(h.Plan, Compile(V1, "2"), h.State!)[0]);
        h.Apply(new Baton.Core.Engine.Events.ResumeRequested(h.Now, "go"));
        Assert.Equal("Version 2 is a version of workflow 'other'; the instance runs 'test'.", Migration.Check(h.Plan, other, h.State!)[0]);
    }

    [Fact]
    public void Migrate_StaleRequest_ChangesNothing()
    {
        var h = For(V1);
        h.Start();
        h.Migrate(Compile(V1, "2"));

        var again = WorkflowEngine.Apply(Compile(V1, "3"), h.State, new Baton.Core.Engine.Events.InstanceMigrated(h.Now, "1", "3", "v1", "v3", "stale"));

        Assert.False(again.Accepted);
        Assert.Equal("2", again.State.WorkflowVersion);
    }

    [Fact]
    public void Migrate_NewVariablesAndTimeout_TakeTheirValuesOldOnesKeepTheirs()
    {
        var h = For("  variables: { kept: 1 }\n  steps:\n    - { id: a, task: t }\n    - { id: set, type: set, depends_on: [a], input: { kept: 5 } }\n");
        h.Start();
        var v2 = Compile("  variables: { kept: 9, added: \"${input.n}\" }\n  config: { timeout: 1h }\n  steps:\n    - { id: a, task: t }\n", "2");

        var moved = h.Migrate(v2);

        Assert.Equal("""{"kept":1,"added":null}""", h.State!.Variables.ToJsonString());
        Assert.Contains(moved.Commands, c => c is ScheduleTimer { TimerId.Kind: TimerKind.WorkflowTimeout } t && t.DueAt == h.Now.AddHours(1));
    }
}
