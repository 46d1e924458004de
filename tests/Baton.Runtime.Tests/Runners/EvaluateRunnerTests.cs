using System.Text.Json.Nodes;
using Baton.Runtime.Catalog;
using Baton.Runtime.Runners;
using Baton.Testing;
using Microsoft.Extensions.Time.Testing;
using Baton.Abstractions;

namespace Baton.Runtime.Tests.Runners;

/// <summary>The evaluate binding end to end: Keptn's slo.yaml and sli.yaml beside the catalog, SLI values fetched from
/// a local server that speaks the Prometheus query API, and the gate judged from them.</summary>
public sealed class EvaluateRunnerTests : IAsyncLifetime
{
    private const string Slo = """
        spec_version: "1.0"
        comparison: { compare_with: single_result, include_result_with_score: pass, aggregate_function: avg }
        objectives:
          - sli: response_time_p95
            pass: [{ criteria: ["<=+10%", "<600"] }]
            warning: [{ criteria: ["<=800"] }]
          - sli: error_rate
            key_sli: true
            pass: [{ criteria: ["<0.02"] }]
        total_score: { pass: "90%", warning: "75%" }
        """;

    private const string Sli = """
        spec_version: "1.0"
        indicators:
          response_time_p95: histogram_quantile(0.95, sum(rate(http_duration_bucket{job='$SERVICE-$PROJECT-$STAGE'}[$DURATION_SECONDS])) by (le))
          error_rate: sum(rate(http_errors{job='$SERVICE-$PROJECT-$STAGE'}[$DURATION_SECONDS]))
        """;

    private const string ResponseQuery = "histogram_quantile(0.95, sum(rate(http_duration_bucket{job='checkout-shop-dev'}[300s])) by (le))";
    private const string ErrorQuery = "sum(rate(http_errors{job='checkout-shop-dev'}[300s]))";

    private static readonly DateTimeOffset Now = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _dir = new();
    private readonly EvaluateRunner _runner = new(new FakeTimeProvider(Now));
    private PrometheusQueryServer _prometheus = null!;

    public async Task InitializeAsync() => _prometheus = await PrometheusQueryServer.StartAsync();

    public async Task DisposeAsync()
    {
        _runner.Dispose();
        await _prometheus.DisposeAsync();
        _dir.Dispose();
    }

    private EvaluateBinding Binding(string? url = null, bool allowPrivate = true)
    {
        File.WriteAllText(_dir.File("slo.yaml"), Slo);
        File.WriteAllText(_dir.File("sli.yaml"), Sli);
        var catalog = $$"""
            apiVersion: baton.dev/v1
            kind: Catalog
            tasks:
              gate:
                runner: evaluate
                slo_file: slo.yaml
                sli: { provider: prometheus, url: "{{url ?? _prometheus.Address.ToString()}}", queries_file: sli.yaml, allow_private_network: {{(allowPrivate ? "true" : "false")}} }
            """;
        var (loaded, problems) = CatalogLoader.Load(catalog, _dir.File("catalog.yaml"), _dir.Path, readFiles: true);
        Assert.True(loaded is not null, string.Join("\n", problems));
        return (EvaluateBinding)loaded.Tasks["gate"];
    }

    private static TaskContext Context(JsonObject? input = null) => new("i", "s", 1, "i/s/1", "gate",
        input ?? new JsonObject { ["project"] = "shop", ["stage"] = "dev", ["service"] = "checkout" });

    [Fact]
    public async Task RunAsync_QueriesFromSliYaml_FetchesEachAtWindowEndAndGates()
    {
        _prometheus.Value(ResponseQuery, 420);
        _prometheus.Value(ErrorQuery, 0.004);

        var result = Assert.IsType<TaskResult.Success>(await _runner.RunAsync(Binding(), Context(), default));

        var output = result.Output!;
        Assert.Equal("pass", output["result"]!.GetValue<string>());
        Assert.Equal(420, output["evaluation"]!["indicatorResults"]![0]!["value"]!["value"]!.GetValue<long>());
        Assert.Equal(Now.AddMinutes(-5).ToString("O"), output["evaluation"]!["timeStart"]!.GetValue<string>());
        Assert.Equal([(ResponseQuery, Now.ToUnixTimeSeconds()), (ErrorQuery, Now.ToUnixTimeSeconds())],
            _prometheus.Asked.Select(a => (a.Query, (long)a.Time)).OrderBy(a => a.Query, StringComparer.Ordinal));
    }

    [Fact]
    public async Task RunAsync_ExplicitWindowAndIndicator_UsesWindowLengthAndOverridesFetchedValue()
    {
        _prometheus.Value(ResponseQuery.Replace("300s", "3600s", StringComparison.Ordinal), 900);
        _prometheus.Value(ErrorQuery.Replace("300s", "3600s", StringComparison.Ordinal), 0.004);
        var input = new JsonObject
        {
            ["project"] = "shop", ["stage"] = "dev", ["service"] = "checkout",
            ["start"] = "2026-11-30T10:00:00Z", ["end"] = "2026-11-30T11:00:00Z",
            ["indicators"] = new JsonObject { ["response_time_p95"] = 500 },
        };

        var result = Assert.IsType<TaskResult.Success>(await _runner.RunAsync(Binding(), Context(input), default));

        Assert.Equal("pass", result.Output!["result"]!.GetValue<string>());
        Assert.All(_prometheus.Asked, a => Assert.Equal(new DateTimeOffset(2026, 11, 30, 11, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds(), (long)a.Time));
    }

    [Theory]
    [InlineData("""{"evaluation":{"timeframe":"1h"}}""", "3600s")]
    [InlineData("""{"test":{"start":"2026-11-30T11:30:00Z","end":"2026-11-30T12:00:00Z"}}""", "1800s")]
    [InlineData("""{"evaluation":{"timeframe":"10m"},"timeframe":"2m"}""", "120s")]
    public async Task RunAsync_WindowFromKeptnTaskData_ReadsEvaluationThenTest(string data, string duration)
    {
        _prometheus.Value(ResponseQuery.Replace("300s", duration, StringComparison.Ordinal), 100);
        _prometheus.Value(ErrorQuery.Replace("300s", duration, StringComparison.Ordinal), 0.001);
        var input = JsonNode.Parse(data)!.AsObject();
        input["project"] = "shop";
        input["stage"] = "dev";
        input["service"] = "checkout";

        var result = Assert.IsType<TaskResult.Success>(await _runner.RunAsync(Binding(), Context(input), default));

        Assert.Equal("pass", result.Output!["result"]!.GetValue<string>());
    }

    [Fact]
    public async Task RunAsync_QueryWithNoDataOrQueryError_FailsThatObjectiveNotTheStep()
    {
        _prometheus.Value(ResponseQuery, null);
        _prometheus.Raw(ErrorQuery, 400, """{"status":"error","errorType":"bad_data","error":"parse error at char 5"}""");

        var result = Assert.IsType<TaskResult.Success>(await _runner.RunAsync(Binding(), Context(), default));

        var indicators = result.Output!["evaluation"]!["indicatorResults"]!.AsArray();
        Assert.Equal("The query returned no data.", indicators[0]!["value"]!["message"]!.GetValue<string>());
        Assert.Contains("parse error at char 5", indicators[1]!["value"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("fail", result.Output["result"]!.GetValue<string>());
    }

    [Fact]
    public async Task RunAsync_SeveralSeries_FailsThatSliAskingToAggregate()
    {
        _prometheus.Raw(ResponseQuery, 200, """{"status":"success","data":{"resultType":"vector","result":[{"metric":{"a":"1"},"value":[1,"1"]},{"metric":{"a":"2"},"value":[1,"2"]}]}}""");
        _prometheus.Raw(ErrorQuery, 200, """{"status":"success","data":{"resultType":"scalar","result":[1,"0.001"]}}""");

        var result = Assert.IsType<TaskResult.Success>(await _runner.RunAsync(Binding(), Context(), default));

        var indicators = result.Output!["evaluation"]!["indicatorResults"]!.AsArray();
        Assert.Contains("2 series", indicators[0]!["value"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(("pass", 0.001), (indicators[1]!["status"]!.GetValue<string>(), indicators[1]!["value"]!["value"]!.GetValue<double>()));
    }

    [Fact]
    public async Task RunAsync_EndpointDownOrServerError_RetryableMetricsUnavailable()
    {
        var down = await _runner.RunAsync(Binding($"http://127.0.0.1:{Ports.Free()}/"), Context(), default);
        _prometheus.Raw(ErrorQuery, 503, "overloaded", "text/plain");
        _prometheus.Value(ResponseQuery, 1);
        var overloaded = await _runner.RunAsync(Binding(), Context(), default);

        foreach (var r in new[] { down, overloaded })
        {
            var failure = Assert.IsType<TaskResult.Failure>(r);
            Assert.Equal(("MetricsUnavailable", true), (failure.Error.Code, failure.Retryable));
        }
    }

    [Fact]
    public async Task RunAsync_EndpointAnswersGarbage_NonRetryableMetricsInvalid()
    {
        _prometheus.Raw(ErrorQuery, 200, "<html>login page</html>", "text/html");
        _prometheus.Value(ResponseQuery, 1);

        var failure = Assert.IsType<TaskResult.Failure>(await _runner.RunAsync(Binding(), Context(), default));

        Assert.Equal(("MetricsInvalid", false), (failure.Error.Code, failure.Retryable));
        Assert.Contains("login page", failure.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_EndpointAnswersMoreThanAMegabyte_NonRetryableMetricsInvalid()
    {
        _prometheus.Raw(ErrorQuery, 200, "{\"status\":\"success\",\"pad\":\"" + new string('x', 2 * 1024 * 1024) + "\"}");
        _prometheus.Value(ResponseQuery, 1);

        var failure = Assert.IsType<TaskResult.Failure>(await _runner.RunAsync(Binding(), Context(), default));

        Assert.Equal(("MetricsInvalid", false), (failure.Error.Code, failure.Retryable));
        Assert.Contains("larger than", failure.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_LoopbackEndpointNotAllowed_RefusedBeforeAnyQuery()
    {
        var failure = Assert.IsType<TaskResult.Failure>(await _runner.RunAsync(Binding(allowPrivate: false), Context(), default));

        Assert.Equal("AddressRefused", failure.Error.Code);
        Assert.Empty(_prometheus.Asked);
    }

    [Theory]
    [InlineData("checkout'}) or vector(1) #")]
    [InlineData("check out")]
    public async Task RunAsync_PlaceholderValueNotAPlainName_RefusedSoItCannotChangeTheQuery(string service)
    {
        var input = new JsonObject { ["project"] = "shop", ["stage"] = "dev", ["service"] = service };

        var failure = Assert.IsType<TaskResult.Failure>(await _runner.RunAsync(Binding(), Context(input), default));

        Assert.Equal(("InvalidInput", false), (failure.Error.Code, failure.Retryable));
        Assert.Empty(_prometheus.Asked);
    }

    [Fact]
    public async Task RunAsync_MissingPlaceholderOrSloInStepInput_RefusedNamingTheKey()
    {
        var noStage = Assert.IsType<TaskResult.Failure>(await _runner.RunAsync(Binding(), Context(new JsonObject { ["project"] = "shop", ["service"] = "checkout" }), default));
        var ownSlo = Assert.IsType<TaskResult.Failure>(await _runner.RunAsync(Binding(),
            Context(new JsonObject { ["project"] = "shop", ["stage"] = "dev", ["service"] = "checkout", ["slo"] = "objectives: []" }), default));

        Assert.Contains("'stage'", noStage.Error.Message, StringComparison.Ordinal);
        Assert.Contains("fixes this task's SLO", ownSlo.Error.Message, StringComparison.Ordinal);
    }
}
