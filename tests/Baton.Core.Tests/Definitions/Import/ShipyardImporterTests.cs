using Baton.Core.Definitions;
using Baton.Core.Definitions.Import;

namespace Baton.Core.Tests.Definitions.Import;

/// <summary>Keptn shipyards read into one workflow per sequence, and the shipyards Baton refuses, with positions.</summary>
public sealed class ShipyardImporterTests
{
    // Keptn's shipyard-controller component-test shipyard.
    internal const string Shipyard = """
        apiVersion: spec.keptn.sh/0.2.0
        kind: Shipyard
        metadata: { name: test-shipyard }
        spec:
          stages:
          - name: dev
            sequences:
            - name: artifact-delivery
              tasks:
              - { name: deployment, properties: { strategy: direct } }
              - { name: test, properties: { kind: functional } }
              - { name: evaluation }
              - { name: release }
            - name: rollback
              tasks: [{ name: rollback }]
              triggeredOn: [{ event: dev.artifact-delivery.finished, selector: { match: { result: fail } } }]
          - name: hardening
            sequences:
            - name: artifact-delivery
              triggeredOn: [{ event: dev.artifact-delivery.finished }]
              tasks: [{ name: deployment, properties: { strategy: blue_green_service } }, { name: test, properties: { kind: performance } }, { name: evaluation }, { name: release }]
          - name: production
            sequences:
            - name: artifact-delivery
              triggeredOn: [{ event: hardening.artifact-delivery.finished }]
              tasks: [{ name: deployment, properties: { strategy: blue_green } }, { name: release }]
            - name: remediation
              tasks: [{ name: remediation }, { name: evaluation }]
        """;

    private static (IReadOnlyList<(ShipyardSequence Sequence, WorkflowDefinition? Definition)> Sequences, IReadOnlyList<Diagnostic> Problems) Load(string text) =>
        DefinitionLoader.LoadShipyard(text, "shipyard.yaml")!.Value;

    [Fact]
    public void LoadShipyard_KeptnComponentTestShipyard_OneValidWorkflowPerSequenceAndEvaluationInEveryStage()
    {
        var (sequences, problems) = Load(Shipyard);

        Assert.Empty(problems);
        Assert.Equal(
            ["dev.artifact-delivery", "dev.evaluation", "dev.rollback", "hardening.artifact-delivery", "hardening.evaluation", "production.artifact-delivery",
             "production.evaluation", "production.remediation"],
            sequences.Select(s => s.Sequence.Name).Order(StringComparer.Ordinal));
        Assert.All(sequences, s => Assert.NotNull(s.Definition));
        var dev = sequences.Single(s => s.Sequence.Name == "dev.artifact-delivery");
        Assert.Equal(["hardening.artifact-delivery", "dev.rollback"], dev.Sequence.Triggers.Order(StringComparer.Ordinal).Reverse());
        Assert.Equal([ShipyardImporter.StartedStep, "deployment", "test", "evaluation", "release", ShipyardImporter.ResultStep, ShipyardImporter.FinishedStep,
            "then-dev-rollback", "then-hardening-artifact-delivery", ShipyardImporter.ErroredStep], dev.Definition!.Steps.Select(s => s.Id));
    }

    [Fact]
    public void LoadShipyard_TaskTwiceInASequence_SecondGetsANumberedStep()
    {
        var (sequences, problems) = Load("apiVersion: spec.keptn.sh/0.2.2\nkind: Shipyard\nspec:\n  stages:\n  - name: dev\n    sequences:\n    - name: delivery\n      tasks: [{ name: deployment }, { name: deployment }, { name: evaluation }]\n");

        Assert.Empty(problems);
        Assert.Equal([ShipyardImporter.StartedStep, "deployment", "deployment-2", "evaluation", ShipyardImporter.ResultStep, ShipyardImporter.FinishedStep, ShipyardImporter.ErroredStep],
            sequences.Single(s => s.Sequence.Name == "dev.delivery").Definition!.Steps.Select(s => s.Id));
    }

    [Theory]
    [InlineData("apiVersion: spec.keptn.sh/0.1.0", "BTN084", 1)]
    [InlineData("    - name: delivery\n      triggeredOn: [{ event: dev.nothing.finished }]", "BTN075", 8)]
    [InlineData("    - name: delivery\n      triggeredOn: [{ event: dev.delivery.started }]", "BTN075", 8)]
    [InlineData("    - name: delivery\n      triggeredOn: [{ event: dev.delivery.finished }]", "BTN086", 8)]
    [InlineData("    - name: delivery\n      triggeredOn: [{ event: dev.other.finished, selector: { match: { result: good } } }]", "BTN073", 8)]
    [InlineData("    - name: delivery\n      triggeredOn: [{ event: dev.other.finished, selector: { match: { deployment.status: fail } } }]", "BTN071", 8)]
    [InlineData("  - name: Dev", "BTN085", 5)]
    [InlineData("    - name: deli.very", "BTN085", 7)]
    [InlineData("      tasks: []", "BTN072", 7)]
    [InlineData("      tasks: [{ name: deployment, triggeredAfter: later }]", "BTN073", 8)]
    public void LoadShipyard_Malformed_RefusedWithCodeAndLine(string replacement, string code, int line)
    {
        const string Base = "apiVersion: spec.keptn.sh/0.2.2\nkind: Shipyard\nspec:\n  stages:\n  - name: dev\n    sequences:\n    - name: delivery\n      tasks: [{ name: deployment }]\n    - name: other\n      tasks: [{ name: test }]\n";
        var first = replacement.Split('\n')[0];
        var key = first.StartsWith("apiVersion", StringComparison.Ordinal) ? "apiVersion: spec.keptn.sh/0.2.2"
            : first.StartsWith("  - name:", StringComparison.Ordinal) ? "  - name: dev"
            : first.StartsWith("      tasks", StringComparison.Ordinal) ? "      tasks: [{ name: deployment }]"
            : "    - name: delivery";
        var text = Base.Replace(key, replacement, StringComparison.Ordinal);

        var (_, problems) = Load(text);

        Assert.Contains(problems, p => p.Code == code && p.Location.Line == line);
    }

    [Fact]
    public void LoadShipyard_LinksInALoopAcrossStages_RefusedNamingTheLoop()
    {
        var (_, problems) = Load("""
            apiVersion: spec.keptn.sh/0.2.2
            kind: Shipyard
            spec:
              stages:
              - name: dev
                sequences:
                - { name: delivery, triggeredOn: [{ event: prod.delivery.finished }], tasks: [{ name: deployment }] }
              - name: prod
                sequences:
                - { name: delivery, triggeredOn: [{ event: dev.delivery.finished }], tasks: [{ name: deployment }] }
            """);

        var loop = Assert.Single(problems);
        Assert.Equal("BTN086", loop.Code);
        Assert.Contains("dev.delivery -> prod.delivery -> dev.delivery", loop.Message, StringComparison.Ordinal);
    }

    private static string Stages(int count, Func<int, IEnumerable<int>> linksTo)
    {
        var text = new System.Text.StringBuilder("apiVersion: spec.keptn.sh/0.2.2\nkind: Shipyard\nspec:\n  stages:\n");
        for (var i = 0; i < count; i++)
        {
            var links = string.Join(", ", linksTo(i).Select(j => $"{{ event: s{j}.delivery.finished }}"));
            text.Append($"  - name: s{i}\n    sequences:\n    - {{ name: delivery, triggeredOn: [{links}], tasks: [{{ name: deployment }}] }}\n");
        }
        return text.ToString();
    }

    [Fact]
    public void LoadShipyard_EveryStageLinkedToEveryEarlierOne_RefusedForTheRunsOneTriggerWouldStart()
    {
        // 40 stages, each triggered by every earlier one: one run of s0 would start 2^39 runs. Checking it must not
        // walk those paths either.
        var (_, problems) = Load(Stages(40, i => Enumerable.Range(0, i)));

        var d = Assert.Single(problems);
        Assert.Equal("BTN087", d.Code);
        Assert.Contains("more than 1000 sequence runs", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadShipyard_LongChainOfStages_IsAccepted()
    {
        var (sequences, problems) = Load(Stages(60, i => i == 0 ? [] : [i - 1]));

        Assert.Empty(problems);
        Assert.Equal(120, sequences.Count);
    }

    [Fact]
    public void Load_ShipyardAsOneWorkflow_RefusedPointingToSequence()
    {
        var result = DefinitionLoader.Load(Shipyard, "shipyard.yaml");

        var d = Assert.Single(result.Diagnostics);
        Assert.Equal("BTN083", d.Code);
        Assert.Contains("--sequence", d.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadShipyard_TriggeredAfter_IsADurableWaitBeforeTheTask()
    {
        var (sequences, problems) = Load("""
            apiVersion: spec.keptn.sh/0.2.2
            kind: Shipyard
            spec:
              stages:
              - name: dev
                sequences:
                - name: delivery
                  tasks: [{ name: deployment }, { name: test, triggeredAfter: 10m }]
            """);

        Assert.Empty(problems);
        var steps = sequences.Single(s => s.Sequence.Name == "dev.delivery").Definition!.Steps.ToDictionary(s => s.Id);
        var wait = steps["test-triggered-after"];
        Assert.Equal((StepType.Wait, TimeSpan.FromMinutes(10)), (wait.Type, wait.WaitDuration));
        Assert.Equal(["deployment"], wait.DependsOn.ToArray());
        Assert.Equal(wait.Condition, steps["test"].Condition);
        Assert.Equal(["test-triggered-after"], steps["test"].DependsOn.ToArray());
    }

    [Fact]
    public void LoadShipyard_SeveralProblems_AreReportedAtOnce()
    {
        var (_, problems) = Load("""
            apiVersion: spec.keptn.sh/0.2.2
            kind: Shipyard
            spec:
              stages:
              - name: dev
                sequences:
                - name: delivery
                  tasks: [{ name: deployment, triggeredAfter: soon }]
                  triggeredOn: [{ event: dev.delivery.finished }]
            """);

        Assert.Equal(["BTN073", "BTN086"], problems.Select(p => p.Code).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Load_ShipyardOfTheFormatBefore02_SaysWhatItIsAndHowToWriteIt()
    {
        var result = DefinitionLoader.Load("""
            stages:
              - name: dev
                deployment_strategy: direct
                test_strategy: functional
              - name: production
                deployment_strategy: blue_green_service
            """, "shipyard.yaml");

        var d = Assert.Single(result.Diagnostics);
        Assert.Equal(("BTN084", 2, "stages"), (d.Code, d.Location.Line, d.Path));
        Assert.Contains("before 0.2", d.Message, StringComparison.Ordinal);
        Assert.Contains("apiVersion: spec.keptn.sh/0.2.2", d.Fix, StringComparison.Ordinal);
    }
}
