using System.Text.Json.Nodes;
using Baton.Testing;

namespace Baton.Cli.Tests.Examples;

/// <summary>The quality-gate example run as a user runs it: several builds of one service gated in turn on one store,
/// each compared with the earlier passing builds the host recorded for that service and stage.</summary>
public sealed class QualityGateExampleTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private async Task<JsonNode> GateAsync(string stage, double baseLatency)
    {
        var r = await BatonProcess.RunAsync(_dir.Path, "run", Path.Combine(BatonProcess.RepoRoot, "examples", "quality-gate", "workflow.yaml"),
            "--input", "service=checkout", "--input", $"stage={stage}", "--input", FormattableString.Invariant($"base_latency_ms={baseLatency}"),
            "--db", _dir.File("hub.db"), "-q");
        Assert.True(r.ExitCode == 0, r.Stderr);
        return JsonNode.Parse(r.Stdout)!;
    }

    [Fact]
    public async Task Run_SuccessiveBuilds_CompareWithRecordedPassingBuilds()
    {
        var first = await GateAsync("dev", 300);
        var second = await GateAsync("dev", 310);
        var slower = await GateAsync("dev", 345);
        var broken = await GateAsync("dev", 700);
        var otherStage = await GateAsync("staging", 345);

        Assert.Equal(("pass", 100.0, 0.0), Summary(first));
        Assert.Equal(("pass", 100.0, 405.0), Summary(second));
        // 465.8 ms is more than 10% over the mean of the two passing builds (411.75 ms): only the warning band holds.
        Assert.Equal(("warning", 75.0, 411.75), Summary(slower));
        // The warning build was not recorded as passing, so the baseline stays; the error rate is a key SLI.
        Assert.Equal(("fail", 0.0, 411.75), Summary(broken));
        Assert.Contains("key_sli objective 'Error rate'", broken["message"]!.GetValue<string>(), StringComparison.Ordinal);
        // Another stage is another subject, with no earlier builds.
        Assert.Equal(("pass", 100.0, 0.0), Summary(otherStage));
    }

    private static (string, double, double) Summary(JsonNode gate) =>
        (gate["result"]!.GetValue<string>(), Number(gate["score"]!), Number(gate["compared_with"]!));

    private static double Number(JsonNode node) => Core.Expressions.Values.AsNumber(node)!.Value;
}
