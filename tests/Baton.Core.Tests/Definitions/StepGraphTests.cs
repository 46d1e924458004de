using System.Collections.Immutable;
using Baton.Core.Definitions;

namespace Baton.Core.Tests.Definitions;

public class StepGraphTests
{
    private static IReadOnlyList<StepDefinition> Steps(params (string Id, string[] Deps)[] steps) =>
        [.. DefinitionLoader.Load("apiVersion: baton.dev/v1\nkind: Workflow\nmetadata: { name: g }\nspec:\n  steps:\n" +
            string.Concat(steps.Select(s => $"    - {{ id: {s.Id}, task: echo, depends_on: [{string.Join(", ", s.Deps)}] }}\n")), "g.yaml").Definition?.Steps
            ?? throw new InvalidOperationException("the test graph must be valid")];

    [Fact]
    public void FindCycle_CycleBehindAcyclicSteps_ReturnsTheCycleOnly()
    {
        var steps = new List<StepDefinition>(Steps(("a", []), ("b", ["a"]), ("c", ["b"])));
        var looped = steps.Select(s => s.Id == "b" ? s with { DependsOn = ["a", "c"] } : s).ToList();

        Assert.Equal(["b", "c", "b"], StepGraph.Of(looped).FindCycle());
        Assert.Null(StepGraph.Of(steps).FindCycle());
    }

    [Fact]
    public void IsUpstream_Diamond_AnswersTransitively()
    {
        var g = StepGraph.Of(Steps(("a", []), ("b", ["a"]), ("c", ["a"]), ("d", ["b", "c"])));

        Assert.True(g.IsUpstream("a", "d"));
        Assert.True(g.IsUpstream("b", "d"));
        Assert.False(g.IsUpstream("b", "c"));
        Assert.False(g.IsUpstream("d", "a"));
        Assert.False(g.IsUpstream("a", "a"));
    }

    [Fact]
    public void FindCycleAndIsUpstream_TwentyThousandStepChain_DoNotRecurse()
    {
        var template = Steps(("s0", []))[0];
        var chain = Enumerable.Range(0, 20_000)
            .Select(i => template with { Id = $"s{i}", DependsOn = i == 0 ? [] : ImmutableArray.Create($"s{i - 1}") })
            .ToList();
        var g = StepGraph.Of(chain);

        Assert.Null(g.FindCycle());
        Assert.True(g.IsUpstream("s0", "s19999"));
        Assert.True(g.IsUpstream("s0", "s10000"));
    }
}
