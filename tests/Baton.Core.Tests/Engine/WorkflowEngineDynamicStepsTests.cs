using System.Text.Json;
using System.Text.Json.Nodes;
using Baton.Core.Engine;
using static Baton.Core.Tests.Engine.EngineHarness;

namespace Baton.Core.Tests.Engine;

/// <summary>A task's result adds steps to the running graph (<c>next</c>): validated like the workflow's own, recorded with
/// the result, scheduled like any step, and rebuilt the same way from the recorded state.</summary>
public sealed class WorkflowEngineDynamicStepsTests
{
    private static EngineHarness Planner() => For("""
          steps:
            - { id: plan, task: planner }
            - { id: report, task: reporter, depends_on: [plan] }
        """);

    private static JsonObject Next(string json) => new() { ["chunks"] = 2, ["next"] = JsonNode.Parse(json) };

    [Fact]
    public void Apply_ResultWithNext_AddsStepsThatRunAfterTheProducer()
    {
        var h = Planner();
        h.Start();

        var r = h.Complete("plan", output: Next("""[{ "id": "part-a", "task": "work", "input": { "n": "${steps.plan.output.chunks}" } }, { "id": "part-b", "task": "work" }]"""));

        Assert.Equal(["part-a#1", "part-b#1", "report#1"], Dispatched(r).Order(StringComparer.Ordinal));
        Assert.Equal(2, Dispatches(r).Single(d => d.StepId == "part-a").Input!["n"]!.GetValue<int>());
        Assert.Equal(StepStatus.Succeeded, h.Step("plan").Status);
        Assert.Equal("plan", Assert.Single(h.State!.AddedSteps).Producer);
    }

    [Fact]
    public void Apply_AddedStepsFinish_WorkflowCompletesWithTheirOutputs()
    {
        var h = Planner();
        h.Start();
        h.Complete("plan", output: Next("""[{ "id": "extra", "task": "work" }]"""));
        h.Complete("report");

        var r = h.Complete("extra", output: new JsonObject { ["done"] = true });

        Assert.Equal(InstanceStatus.Completed, r.State.Status);
        Assert.True(r.State.Output!["extra"]!["done"]!.GetValue<bool>());
    }

    [Fact]
    public void Apply_GclSpecInNext_ReadsInputsFromTheStepsThatMadeThemAndWaitsForThem()
    {
        var h = For("""
              steps:
                - { id: intermediate_result_1, task: work }
                - { id: plan, task: planner }
            """);
        h.Start();
        h.Complete("plan", output: new JsonObject
        {
            ["next"] = JsonNode.Parse("""[{ "computation": "aggregate_data", "inputs": ["intermediate_result_1", "region"], "output": "aggregated_result", "handler_type": "analytics_handler", "priority": "high" }]"""),
        });
        Assert.Equal(StepStatus.Pending, h.Step("aggregated_result").Status);

        var r = h.Complete("intermediate_result_1", output: new JsonObject { ["sum"] = 5 });

        var d = Assert.Single(Dispatches(r));
        Assert.Equal(("aggregated_result", "analytics_handler", 10), (d.StepId, d.Task, d.Priority));
        Assert.Equal("""{"computation":"aggregate_data","inputs":{"intermediate_result_1":{"sum":5},"region":null}}""", d.Input!.ToJsonString());
    }

    [Theory]
    [InlineData("""[{ "id": "plan", "task": "work" }]""", "already used")]
    [InlineData("""[{ "id": "x", "task": "work", "depends_on": ["ghost"] }]""", "ghost")]
    [InlineData("""[{ "id": "x", "task": "work", "depends_on": ["y"] }, { "id": "y", "task": "work", "depends_on": ["x"] }]""", "cycle")]
    [InlineData("""[{ "id": "x", "tsak": "work" }]""", "tsak")]
    [InlineData("""[{ "id": "x", "task": "work", "input": "${steps.report.output}" }]""", "report")]
    [InlineData("""["not a step"]""", "must be a step")]
    public void Apply_BadNext_FailsTheProducerSayingWhy(string next, string reason)
    {
        var h = Planner();
        h.Start();

        var r = h.Complete("plan", output: new JsonObject { ["next"] = JsonNode.Parse(next) });

        Assert.Equal(StepStatus.Failed, h.Step("plan").Status);
        Assert.Equal("InvalidNextSteps", h.Step("plan").Error!.Code);
        Assert.Contains(reason, h.Step("plan").Error!.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(InstanceStatus.Failed, r.State.Status);
        Assert.Empty(h.State!.AddedSteps);
    }

    [Fact]
    public void Apply_StateReadBackFromJson_RebuildsThePlanAndGoesOnTheSameWay()
    {
        var h = Planner();
        h.Start();
        h.Complete("plan", output: Next("""[{ "id": "extra", "task": "work", "input": { "from": "${steps.plan.output.chunks}" } }]"""));
        var stored = JsonSerializer.Deserialize<InstanceState>(JsonSerializer.Serialize(h.State, EngineJson.Options), EngineJson.Options)!;

        var direct = WorkflowEngine.Apply(h.Plan, h.State, new Baton.Core.Engine.Events.TaskCompleted(h.Now, "extra", 1, new JsonObject()));
        var replayed = WorkflowEngine.Apply(h.Plan, stored, new Baton.Core.Engine.Events.TaskCompleted(h.Now, "extra", 1, new JsonObject()));

        Assert.True(replayed.Accepted);
        Assert.Equal(JsonSerializer.Serialize(direct.Commands, EngineJson.Options), JsonSerializer.Serialize(replayed.Commands, EngineJson.Options));
        Assert.Equal(direct.State.Steps["extra"].Status, replayed.State.Steps["extra"].Status);
    }
}
