using System.Text.Json.Nodes;
using Baton.Core.Definitions;
using Baton.Core.Engine;
using static Baton.Core.Tests.Engine.EngineHarness;

namespace Baton.Core.Tests.Engine;

public sealed class WorkflowEngineSwitchTests
{
    private const string Routing = """
          steps:
            - { id: analyze, task: t }
            - id: route
              type: switch
              depends_on: [analyze]
              cases:
                - when: ${steps.analyze.output.kind == 'text'}
                  steps: [text, summarize]
                - when: steps.analyze.output.kind == 'image'
                  steps: [image]
              default: [other]
            - { id: text, task: t }
            - { id: summarize, task: t, depends_on: [text] }
            - { id: image, task: t }
            - { id: other, task: t }
            - { id: finish, task: t, depends_on: [summarize, image, other] }
        """;

    [Theory]
    [InlineData("text", "text#1", 0)]
    [InlineData("image", "image#1", 1)]
    [InlineData("audio", "other#1", -1)]
    public void Apply_Switch_RunsTheFirstMatchingBranchAndSkipsTheOthersVisibly(string kind, string first, int chosenCase)
    {
        var h = For(Routing);
        h.Start();

        var routed = h.Complete("analyze", output: new JsonObject { ["kind"] = kind });

        Assert.Equal([first], Dispatched(routed));
        Assert.Equal(chosenCase < 0 ? "default" : chosenCase.ToString(System.Globalization.CultureInfo.InvariantCulture), h.Step("route").Output!["case"]!.ToString());
        var skipped = h.State!.Steps.Values.Where(s => s.Status == StepStatus.Skipped).ToList();
        Assert.All(skipped, s => Assert.Equal(("BranchNotTaken", "Switch 'route' chose another branch."), (s.Error!.Code, s.Error.Message)));
        Assert.Equal(kind == "text" ? 2 : 3, skipped.Count);
    }

    [Fact]
    public void Apply_StepAfterTheChosenBranch_RunsOnceTheBranchIsDone()
    {
        var h = For(Routing);
        h.Start();
        h.Complete("analyze", output: new JsonObject { ["kind"] = "text" });

        Assert.Equal(["summarize#1"], Dispatched(h.Complete("text")));
        // summarize is on the branch too; finish waits for it and runs under the skip rule for the skipped others.
        Assert.Equal(["finish#1"], Dispatched(h.Complete("summarize")));
        h.Complete("finish");
        Assert.Equal(InstanceStatus.Completed, h.State!.Status);
    }

    [Fact]
    public void Apply_NoCaseAndNoDefault_SkipsEveryBranch()
    {
        var h = For("""
              steps:
                - id: route
                  type: switch
                  cases: [ { when: "${input.go}", steps: [a] } ]
                - { id: a, task: t }
                - { id: b, task: t, depends_on: [route] }
            """);

        var started = h.Start(new JsonObject { ["go"] = false });

        Assert.Equal(["b#1"], Dispatched(started));
        Assert.Equal(StepStatus.Skipped, h.Step("a").Status);
        Assert.Null(h.Step("route").Output!["case"]);
    }

    [Fact]
    public void Load_SwitchNamingUnknownStepsOrWithoutCases_PointsAtThem()
    {
        var result = DefinitionLoader.Load("""
            apiVersion: baton.dev/v1
            kind: Workflow
            metadata: { name: s }
            spec:
              steps:
                - id: route
                  type: switch
                  cases: [ { when: "${input.x}", steps: [tetx] } ]
                  default: [route]
                - { id: text, task: t }
                - { id: bare, type: switch }
                - { id: t2, task: t, cases: [] }
            """, "s.yaml");

        var found = result.Diagnostics.Select(d => (d.Code, d.Path)).ToList();
        Assert.Contains(("BTN023", "spec.steps[0].cases[0].steps[0]"), found);
        Assert.Contains(("BTN023", "spec.steps[0].default[0]"), found);
        Assert.Contains(("BTN011", "spec.steps[2]"), found);
        Assert.Contains(("BTN025", "spec.steps[3].cases"), found);
        Assert.Contains("Did you mean 'text'?", result.Diagnostics.First(d => d.Path == "spec.steps[0].cases[0].steps[0]").Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_BranchStepReadingTheSwitch_IsUpstreamWithoutDependsOn()
    {
        var result = DefinitionLoader.Load("""
            apiVersion: baton.dev/v1
            kind: Workflow
            metadata: { name: s }
            spec:
              steps:
                - { id: route, type: switch, cases: [ { when: true, steps: [a] } ] }
                - { id: a, task: t, input: { chosen: "${steps.route.output.case}" } }
            """, "s.yaml");

        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        Assert.Equal(["route"], result.Definition!.Steps[1].DependsOn.AsEnumerable());
    }
}
