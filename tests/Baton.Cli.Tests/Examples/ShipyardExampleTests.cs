using System.Text.Json.Nodes;
using Baton.Testing;

namespace Baton.Cli.Tests.Examples;

/// <summary>The shipyard example as a user runs it: Keptn's shipyard.yaml read as written, a sequence run with its
/// tasks' data carried forward, and the linked sequence its result selects run after it.</summary>
[Collection(ReleaseGateExampleTests.MetricsPort)]
public sealed class ShipyardExampleTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private static string Shipyard => Path.Combine(BatonProcess.RepoRoot, "examples", "shipyard", "shipyard.yaml");

    public void Dispose() => _dir.Dispose();

    private async Task<JsonNode> DeliverAsync(int latency)
    {
        var r = await BatonProcess.RunAsync(_dir.Path, "run", Shipyard, "--sequence", "dev.delivery", "--input", "service=checkout",
            "--input", "configurationChange=" + Change(latency), "--db", _dir.File($"hub{latency}.db"));
        Assert.True(r.ExitCode == 0, r.Stderr);
        return JsonNode.Parse(r.Stdout)!;
    }

    private static string Change(int latency) =>
        new JsonObject { ["values"] = new JsonObject { ["image"] = "checkout:1.1", ["latency_ms"] = latency } }.ToJsonString();

    [Fact]
    public async Task Run_DevDeliveryPasses_StagingDeliveryRunsAndRollbackDoesNot()
    {
        var dev = await DeliverAsync(300);

        Assert.Equal(("pass", "evaluation"), (dev["result"]!.GetValue<string>(), dev["last_task"]!.GetValue<string>()));
        Assert.Equal("direct", dev["data"]!["deployment"]!["deploymentstrategy"]!.GetValue<string>());
        Assert.Equal(("succeeded", "pass"), (dev["triggered"]!["then-staging-delivery"]!["status"]!.GetValue<string>(),
            dev["triggered"]!["then-staging-delivery"]!["result"]!.GetValue<string>()));
        Assert.Equal("skipped", dev["triggered"]!["then-dev-rollback"]!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Run_DevDeliveryFailsItsEvaluation_RollbackRunsAndStagingDoesNot()
    {
        var dev = await DeliverAsync(700);

        Assert.Equal("fail", dev["result"]!.GetValue<string>());
        Assert.Equal("fail", dev["data"]!["evaluation"]!["result"]!.GetValue<string>());
        Assert.Equal("succeeded", dev["triggered"]!["then-dev-rollback"]!["status"]!.GetValue<string>());
        Assert.Equal("skipped", dev["triggered"]!["then-staging-delivery"]!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Run_SeedSimpleSequence_ChecksTheNumber()
    {
        var r = await BatonProcess.RunAsync(_dir.Path, "run", Shipyard, "--sequence", "dev.phone-lookup", "--input", "service=phone",
            "--input", "number=\"+47 1234 5678\"", "--db", _dir.File("phone.db"), "-q");

        Assert.True(r.ExitCode == 0, r.Stderr);
        var output = JsonNode.Parse(r.Stdout)!;
        Assert.Equal(("pass", true), (output["result"]!.GetValue<string>(), output["data"]!["checknumber"]!["valid"]!.GetValue<bool>()));
    }

    [Theory]
    [InlineData("oslo-harbour.jpg", 59.91, 10.75, "pass")]
    [InlineData("bergen.jpg", 60.39, 5.33, "warning")]
    [InlineData("paris.jpg", 59.91, 10.75, "fail")]
    public async Task Run_SeedComplexSequence_EvaluatesPhotoOnMetricsQueriedFromThePrometheusStandIn(string photo, double lat, double lon, string result)
    {
        using var metrics = NodeService.Start(Path.Combine(BatonProcess.RepoRoot, "examples", "release-gate", "metrics.mjs"), new Dictionary<string, string>());
        var claimed = new JsonObject { ["lat"] = lat, ["lon"] = lon }.ToJsonString();

        var r = await BatonProcess.RunAsync(_dir.Path, "run", Shipyard, "--sequence", "dev.photo-authenticity", "--input", $"service=photo-{Path.GetFileNameWithoutExtension(photo)}",
            "--input", $"photo={photo}", "--input", $"claimed={claimed}", "--db", _dir.File("photo.db"), "-q");

        Assert.True(r.ExitCode == 0, r.Stderr);
        var output = JsonNode.Parse(r.Stdout)!;
        Assert.Equal((result, "photo-evaluation"), (output["result"]!.GetValue<string>(), output["last_task"]!.GetValue<string>()));
        var indicators = output["data"]!["evaluation"]!["indicatorResults"]!.AsArray();
        Assert.All(indicators, i => Assert.True(i!["value"]!["success"]!.GetValue<bool>()));
    }

    [Fact]
    public async Task RunValidateConvert_Shipyard_NamesSequencesAndWritesOneWorkflowEach()
    {
        var run = await BatonProcess.RunAsync(_dir.Path, "run", Shipyard, "--db", _dir.File("none.db"));
        var validate = await BatonProcess.RunAsync(_dir.Path, "validate", Shipyard);
        var convert = await BatonProcess.RunAsync(_dir.Path, "convert", Shipyard, "--out", _dir.File("out"));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--sequence with one of: dev.delivery, dev.rollback", run.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, validate.ExitCode);
        Assert.Contains("7 valid sequences", validate.Stdout, StringComparison.Ordinal);
        Assert.Equal(0, convert.ExitCode);
        var files = Directory.GetFiles(_dir.File("out")).Select(Path.GetFileName).Order(StringComparer.Ordinal);
        Assert.Equal(["dev.delivery.yaml", "dev.evaluation.yaml", "dev.phone-lookup.yaml", "dev.photo-authenticity.yaml", "dev.rollback.yaml", "staging.delivery.yaml",
            "staging.evaluation.yaml"], files);
        var converted = await BatonProcess.RunAsync(_dir.Path, "validate", _dir.File("out/staging.delivery.yaml"), "--catalog",
            Path.Combine(BatonProcess.RepoRoot, "examples", "shipyard", "catalog.yaml"));
        Assert.True(converted.ExitCode == 0, converted.Stderr);
    }
}
