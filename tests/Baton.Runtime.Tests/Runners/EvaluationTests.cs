using System.Text.Json.Nodes;
using Baton.Runtime.Runners;

namespace Baton.Runtime.Tests.Runners;

public class EvaluationTests
{
    private static JsonObject Run(string json) => Evaluation.Evaluate(JsonNode.Parse(json));

    [Fact]
    public void Evaluate_AllMetricsPass_GivesPassAndFullScore()
    {
        var r = Run("""{"metrics": {"exif": 0.9, "distance_km": 3}, "thresholds": {"exif": {"pass": 0.8, "warning": 0.5}, "distance_km": {"pass": 10, "warning": 50}}}""");
        Assert.Equal("pass", r["decision"]!.GetValue<string>());
        Assert.Equal(1, r["score"]!.GetValue<long>());
        Assert.Equal("lower", r["metrics"]!["distance_km"]!["direction"]!.GetValue<string>());
    }

    [Fact]
    public void Evaluate_OneMetricInWarningBand_GivesWarningAndInterpolatedScore()
    {
        var r = Run("""{"metrics": {"exif": 0.65, "distance_km": 3}, "thresholds": {"exif": {"pass": 0.8, "warning": 0.5}, "distance_km": {"pass": 10, "warning": 50}}}""");
        Assert.Equal("warning", r["decision"]!.GetValue<string>());
        Assert.Equal(0.75, r["metrics"]!["exif"]!["score"]!.GetValue<double>(), 4);
        Assert.Equal(0.875, r["score"]!.GetValue<double>(), 4);
    }

    [Fact]
    public void Evaluate_MissingMetricOrPastWarning_Fails()
    {
        var r = Run("""{"metrics": {"a": 0.1}, "thresholds": {"a": {"pass": 0.8, "warning": 0.5, "weight": 3}, "b": {"pass": 1, "warning": 0}}}""");
        Assert.Equal("fail", r["decision"]!.GetValue<string>());
        Assert.Equal(0, r["score"]!.GetValue<long>());
        Assert.Equal("metric missing or not a number", r["metrics"]!["b"]!["reason"]!.GetValue<string>());
    }

    [Fact]
    public void Evaluate_NoThresholds_ThrowsClearError()
    {
        var ex = Assert.Throws<ArgumentException>(() => Run("""{"metrics": {"a": 1}}"""));
        Assert.Contains("thresholds", ex.Message, StringComparison.Ordinal);
    }
}
