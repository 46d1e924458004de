using System.Text.Json.Nodes;
using Baton.Testing;
using Microsoft.AspNetCore.Builder;

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

    /// <summary>Runs dev.delivery with lifecycle events going to a local CloudEvents receiver; returns the run and the
    /// events received, in order, with the key header each came with.</summary>
    private async Task<(BatonProcess.Result Run, List<(JsonObject Event, string? Key)> Events)> DeliverWithEventsAsync(JsonObject change)
    {
        var received = new System.Collections.Concurrent.ConcurrentQueue<(JsonObject, string?)>();
        await using var receiver = await LoopbackServer.StartAsync(app => app.MapPost("/api/events", async (Microsoft.AspNetCore.Http.HttpContext http) =>
        {
            foreach (var e in (await JsonNode.ParseAsync(http.Request.Body))!.AsArray())
            {
                received.Enqueue((e!.AsObject(), http.Request.Headers["aeg-sas-key"].FirstOrDefault()));
            }
            return Microsoft.AspNetCore.Http.Results.Ok();
        }));
        var environment = new Dictionary<string, string>
        {
            ["BATON_KEPTN_EVENTS_ENDPOINT"] = receiver.Url("api/events"),
            ["BATON_KEPTN_EVENTS_KEY"] = "test-topic-key",
        };
        var run = await BatonProcess.RunAsync(_dir.Path, environment, "run", Shipyard, "--sequence", "dev.delivery", "--input", "service=checkout",
            "--input", "configurationChange=" + change.ToJsonString(), "--db", _dir.File("events.db"));
        return (run, [.. received]);
    }

    [Fact]
    public async Task Run_WithAnEventsEndpoint_PublishesEachSequencesStartedAndFinishedOnce()
    {
        var (run, events) = await DeliverWithEventsAsync(new JsonObject { ["values"] = new JsonObject { ["image"] = "checkout:1.1", ["latency_ms"] = 300 } });

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal(["sh.keptn.event.dev.delivery.started", "sh.keptn.event.dev.delivery.finished", "sh.keptn.event.staging.delivery.started", "sh.keptn.event.staging.delivery.finished"],
            events.Select(e => (string)e.Event["type"]!));
        Assert.All(events, e => Assert.Equal("test-topic-key", e.Key));
        Assert.Equal(events.Count, events.Select(e => (string)e.Event["id"]!).Distinct().Count());
        var devFinished = events[1].Event["data"]!;
        Assert.Equal(("pass", "succeeded", "checkout", "dev"), ((string)devFinished["result"]!, (string)devFinished["status"]!, (string)devFinished["service"]!, (string)devFinished["stage"]!));
        Assert.Equal(("checkout", "dev"), ((string)events[0].Event["data"]!["service"]!, (string)events[0].Event["data"]!["stage"]!));
        Assert.Equal("staging", (string)events[3].Event["data"]!["stage"]!);
        Assert.All(events, e => Assert.False(string.IsNullOrEmpty((string?)e.Event["shkeptncontext"])));
    }

    [Fact]
    public async Task Run_TaskFailsOutright_FinishedSaysErroredRollbackRunsAndTheRunFails()
    {
        var (run, events) = await DeliverWithEventsAsync(new JsonObject { ["values"] = new JsonObject { ["image"] = "checkout:1.1", ["crash"] = true } });

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("The task deployment failed", run.Stderr, StringComparison.Ordinal);
        Assert.Equal(["sh.keptn.event.dev.delivery.started", "sh.keptn.event.dev.delivery.finished", "sh.keptn.event.dev.rollback.started", "sh.keptn.event.dev.rollback.finished"],
            events.Select(e => (string)e.Event["type"]!));
        var finished = events[1].Event["data"]!;
        Assert.Equal(("fail", "errored"), ((string)finished["result"]!, (string)finished["status"]!));
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
