using System.Text.Json.Nodes;
using Baton.Testing;

namespace Baton.Cli.Tests.Examples;

/// <summary>examples/dynamic-graph as a user runs it: a one-step workflow whose planner grows it into a sum per chunk
/// and a seed 003 aggregate, all run, durable and visible step by step.</summary>
public sealed class DynamicGraphExampleTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static string Workflow => Path.Combine(RepoPaths.Root, "examples", "dynamic-graph", "workflow.yaml");

    [Fact]
    public async Task Run_NineNumbersInChunksOfThree_PlansThreeSumsAndAnAggregate()
    {
        var db = _dir.File("d.db");
        var r = await BatonProcess.RunAsync(_dir.Path, "run", Workflow, "--input", "numbers=[1,2,3,4,5,6,7,8,9]", "--id", "grow-1", "--db", db);

        Assert.True(r.ExitCode == 0, r.Stderr);
        var total = JsonNode.Parse(r.Stdout)!["total"]!;
        Assert.Equal((45, 9, 3, "aggregate_data"), (total["total"]!.GetValue<int>(), total["count"]!.GetValue<int>(), total["parts"]!.GetValue<int>(), total["computation"]!.GetValue<string>()));
        foreach (var step in new[] { "sum_0", "sum_1", "sum_2", "total" })
        {
            Assert.Contains(step, r.Stderr, StringComparison.Ordinal);
        }
        var status = await BatonProcess.RunAsync(_dir.Path, "status", "grow-1", "--db", db, "--json");
        var state = JsonNode.Parse(status.Stdout)!;
        var steps = (state["steps"] ?? state["Steps"])!.AsObject();
        Assert.Equal(["plan", "sum_0", "sum_1", "sum_2", "total"], steps.Select(p => p.Key).Order(StringComparer.Ordinal));
    }
}
