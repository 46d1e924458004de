using System.Text.Json.Nodes;
using Baton.Core.Definitions;
using Baton.Core.Engine;
using Baton.Core.Engine.Events;
using static Baton.Core.Tests.Engine.EngineHarness;

namespace Baton.Core.Tests.Engine;

/// <summary>A step's <c>output</c> mapping: what a task, workflow or event step keeps of its result.</summary>
public sealed class WorkflowEngineOutputMappingTests
{
    [Fact]
    public void Apply_TaskWithOutputMapping_KeepsTheMappedValueAndDependentsReadIt()
    {
        var h = For("""
              steps:
                - id: fetch
                  task: http
                  input: { page: 2 }
                  output: { total: "${output.body.count}", page: "${input.page}", label: "n=${output.body.count}" }
                - { id: use, task: t, depends_on: [fetch], input: { n: "${steps.fetch.output.total}" } }
            """);
        h.Start(new JsonObject { ["page"] = 2 });

        var done = h.Complete("fetch", output: JsonNode.Parse("""{ "status": 200, "body": { "count": 7 } }"""));

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{ "total": 7, "page": 2, "label": "n=7" }"""), h.Step("fetch").Output));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{ "n": 7 }"""), Dispatches(done).Single().Input));
    }

    [Fact]
    public void Apply_OutputMappingThatCannotBeEvaluated_FailsTheStepForGood()
    {
        var h = For("""
              steps:
                - { id: fetch, task: http, retry: { max_attempts: 3 }, output: "${output.items[0] * 2}" }
            """);
        h.Start();

        h.Complete("fetch", output: JsonNode.Parse("""{ "items": ["a"] }"""));

        Assert.Equal((StepStatus.Failed, "ExpressionError"), (h.Step("fetch").Status, h.Step("fetch").Error!.Code));
        Assert.Contains("output", h.Step("fetch").Error!.Message, StringComparison.Ordinal);
        Assert.Equal(InstanceStatus.Failed, h.State!.Status);
    }

    [Fact]
    public void Apply_EventStepWithOutputMapping_MapsTheEventData()
    {
        var h = For("""
              steps:
                - { id: approval, type: event, event: approved, output: "${output.by != null ? output.by : 'nobody'}" }
            """);
        h.Start();

        h.Apply(new EventRaised(h.Now, "approved", new JsonObject { ["by"] = "ada" }));

        Assert.Equal("ada", h.Step("approval").Output!.GetValue<string>());
        Assert.Equal(InstanceStatus.Completed, h.State!.Status);
    }

    [Fact]
    public void Load_OutputOnAStepTypeWithoutAResultOrReadingAnUnknownName_IsReportedAtTheKey()
    {
        var result = DefinitionLoader.Load("""
            apiVersion: baton.dev/v1
            kind: Workflow
            metadata: { name: m }
            spec:
              steps:
                - { id: pause, type: wait, duration: 1s, output: 1 }
                - { id: call, task: t, output: "${result.stdout}" }
            """, "m.yaml");

        Assert.Contains(result.Diagnostics, d => d.Code == "BTN025" && d.Path == "spec.steps[0].output");
        Assert.Contains(result.Diagnostics, d => d.Path.StartsWith("spec.steps[1].output", StringComparison.Ordinal) && d.Message.Contains("result", StringComparison.Ordinal));
    }
}
