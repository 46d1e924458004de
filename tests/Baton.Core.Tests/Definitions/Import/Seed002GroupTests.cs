using System.Collections.Immutable;
using System.Text.Json.Nodes;
using Baton.Core.Definitions;
using Baton.Core.Engine;
using Baton.Core.Engine.Commands;
using Baton.Core.Engine.Events;

namespace Baton.Core.Tests.Definitions.Import;

/// <summary>Seed 002's steps that hold steps: parallel groups, conditionals and loops, read into native steps that run.</summary>
public sealed class Seed002GroupTests
{
    private const string Head = "apiVersion: workflow/v1\nkind: Workflow\nmetadata: { name: orders }\nspec:\n  steps:\n";

    private static LoadResult Load(string steps) => DefinitionLoader.Load(Head + steps, "orders.yaml");

    private static string Call(string name, string endpoint) => $"{{ name: {name}, type: service_call, config: {{ service: svc, endpoint: {endpoint} }} }}";

    [Fact]
    public void Load_ParallelGroup_ItsStepsShareItsDependenciesAndAJoinCarriesItsName()
    {
        var result = Load($$$"""
                - {{{Call("first", "/a")}}}
                - name: both
                  type: parallel_group
                  depends_on: [first]
                  config: { steps: [{{{Call("left", "/l")}}}, {{{Call("right", "/r")}}}] }
                - { name: after, type: service_call, depends_on: [both], config: { service: svc, endpoint: "/x/{{ steps.both.output.left.id }}" } }
            """);

        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        var steps = result.Definition!.Steps.ToDictionary(s => s.Id);
        Assert.Equal(["first", "left", "right", "both", "after"], result.Definition.Steps.Select(s => s.Id));
        Assert.Equal(["first"], steps["left"].DependsOn.ToArray());
        Assert.Equal(StepType.Set, steps["both"].Type);
        Assert.Equal(["left", "right"], steps["both"].DependsOn.ToArray());
    }

    [Fact]
    public void Load_Conditional_RunsOnlyTheBranchItsConditionChooses()
    {
        var result = Load($$$"""
                - {{{Call("check", "/c")}}}
                - name: route
                  type: conditional
                  depends_on: [check]
                  config:
                    condition: "{{ steps.check.output.ok == true }}"
                    if_true: [{{{Call("yes", "/y")}}}]
                    if_false: [{{{Call("no", "/n")}}}]
                - { name: done, type: service_call, depends_on: [route], config: { service: svc, endpoint: /d } }
            """);
        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        var plan = WorkflowPlan.Compile(result.Definition!);
        var t0 = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var state = WorkflowEngine.Apply(plan, null, new InstanceStarted(t0, "i", null, "s", ImmutableSortedDictionary<string, string>.Empty)).State;

        var r = WorkflowEngine.Apply(plan, state, new TaskCompleted(t0, "check", 1, new JsonObject { ["ok"] = false }));

        Assert.Equal(["no"], r.Commands.OfType<DispatchTask>().Select(d => d.StepId));
        Assert.Equal(StepStatus.Skipped, r.State.Steps["yes"].Status);
        r = WorkflowEngine.Apply(plan, r.State, new TaskCompleted(t0, "no", 1, new JsonObject()));
        Assert.Equal(["done"], r.Commands.OfType<DispatchTask>().Select(d => d.StepId));
    }

    [Fact]
    public void Load_LoopOverItems_IsAForEachOfItsStep()
    {
        var result = Load("""
                - name: each
                  type: loop
                  config:
                    items: "{{ input.items }}"
                    max_concurrency: 3
                    step: { name: notify, type: service_call, config: { service: svc, endpoint: /n, payload: { item: "{{ item }}" } } }
            """);

        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        var each = Assert.Single(result.Definition!.Steps);
        Assert.Equal((StepType.ForEach, "${input.items}", 3, "notify"), (each.Type, each.Items, each.MaxConcurrency, each.Body!.Task));
        Assert.Contains("notify", result.ImportedCatalog!["tasks"]!.AsObject().Select(t => t.Key));
    }

    [Fact]
    public void Load_LoopUntilWithoutMaxIterations_SaysAnItIsUnbounded()
    {
        var result = Load("""
                - name: poll
                  type: loop
                  config:
                    until: "{{ last.done }}"
                    step: { name: ask, type: service_call, config: { service: svc, endpoint: /s } }
            """);

        var problem = Assert.Single(result.Diagnostics);
        Assert.Equal(("BTN072", 9), (problem.Code, problem.Location.Line));
        Assert.Contains("max_iterations", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_UnknownTypeInsideAGroup_IsNamedWithItsPosition()
    {
        var result = Load("""
                - name: both
                  type: parallel
                  config:
                    steps:
                      - { name: x, type: teleport }
            """);

        var problem = Assert.Single(result.Diagnostics);
        Assert.Equal(("BTN077", 10), (problem.Code, problem.Location.Line));
    }
}
