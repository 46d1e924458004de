using System.Text.Json.Nodes;
using Baton.Testing;

namespace Baton.Cli.Tests.Examples;

/// <summary>The release-gate example as a user runs it: its Prometheus stand-in as a real Node.js process, Keptn's
/// slo.yaml and sli.yaml read from beside the catalog, and each build gated on metrics queried over HTTP.</summary>
/// <remarks>The example's catalog names port 9091, so the tests that start its metrics stand-in run one after another.</remarks>
[Collection(MetricsPort)]
public sealed class ReleaseGateExampleTests : IDisposable
{
    /// <summary>The test collection of every test that starts the metrics stand-in on its fixed port.</summary>
    public const string MetricsPort = "metrics stand-in on port 9091";

    private readonly TempDirectory _dir = new();
    private static string Folder => Path.Combine(BatonProcess.RepoRoot, "examples", "release-gate");

    public void Dispose() => _dir.Dispose();

    private Task<BatonProcess.Result> GateAsync(double latency) =>
        BatonProcess.RunAsync(_dir.Path, "run", Path.Combine(Folder, "workflow.yaml"), "--input", "service=checkout", "--input", "stage=dev",
            "--input", FormattableString.Invariant($"build_latency_ms={latency}"), "--db", _dir.File("hub.db"), "-q");

    [Fact]
    public async Task Run_BuildsGatedOnQueriedMetrics_PassThenWarnThenFailOnKeySli()
    {
        using var metrics = NodeService.Start(Path.Combine(Folder, "metrics.mjs"), new Dictionary<string, string>());
        var results = new List<(string, double, double)>();
        foreach (var latency in new[] { 300.0, 310, 345, 700 })
        {
            var r = await GateAsync(latency);
            Assert.True(r.ExitCode == 0, r.Stderr);
            var output = JsonNode.Parse(r.Stdout)!;
            results.Add((output["result"]!.GetValue<string>(), Number(output["response_time_p95"]), Number(output["compared_with"])));
        }

        Assert.Equal([("pass", 405, 0), ("pass", 418.5, 405), ("warning", 465.75, 411.75), ("fail", 945, 411.75)], results);
    }

    [Fact]
    public async Task Validate_SloFileWithBadCriterion_NamesTheFileLineAndColumn()
    {
        var copy = _dir.File("release-gate");
        Directory.CreateDirectory(copy);
        foreach (var file in Directory.GetFiles(Folder))
        {
            File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
        }
        var slo = Path.Combine(copy, "slo.yaml");
        File.WriteAllText(slo, File.ReadAllText(slo).Replace("\"<0.02\"", "\"under 2%\"", StringComparison.Ordinal));

        var r = await BatonProcess.RunAsync(_dir.Path, "validate", Path.Combine(copy, "workflow.yaml"));

        Assert.Equal(2, r.ExitCode);
        Assert.Contains("slo.yaml:19:", r.Stderr, StringComparison.Ordinal);
        Assert.Contains("'under 2%' is not a criterion", r.Stderr, StringComparison.Ordinal);
    }

    private static double Number(JsonNode? node) => Core.Expressions.Values.AsNumber(node)!.Value;
}
