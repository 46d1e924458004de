using System.Text.Json.Nodes;
using Baton.Runtime.Runners;

namespace Baton.Runtime.Tests.Slo;

/// <summary>Keptn lighthouse's evaluation cases (its unit tests, and cases worked from its code), run through the
/// <c>evaluate</c> task's SLO form.</summary>
public sealed class SloEvaluatorTests
{
    private const string Scores = "total_score: { pass: \"90%\", warning: \"75%\" }\n";
    private const string Several = "comparison: { compare_with: several_results, include_result_with_score: pass, number_of_comparison_results: 2, aggregate_function: avg }\n";
    private const string Metric1 = """
        objectives:
          - sli: my-test-metric-1
            pass: [{ criteria: ["<=15.0"] }, { criteria: ["<=+10%"] }]
            warning: [{ criteria: ["<=20.0"] }, { criteria: ["<=+15%"] }]

        """;

    private static JsonObject Run(string slo, JsonNode? indicators, params JsonObject[] previous) => Evaluation.Evaluate(new JsonObject
    {
        ["slo"] = slo,
        ["indicators"] = indicators,
        ["previous"] = new JsonArray(previous.Select(p => p.DeepClone()).ToArray()),
    });

    private static JsonObject Earlier(string result, params (string Metric, double? Value, bool Success)[] values) => new()
    {
        ["id"] = $"ev-{Guid.NewGuid():N}",
        ["result"] = result,
        ["evaluation"] = new JsonObject
        {
            ["result"] = result,
            ["indicatorResults"] = new JsonArray(values.Select(v => (JsonNode?)new JsonObject
            {
                ["value"] = v.Value is null ? null : new JsonObject { ["metric"] = v.Metric, ["value"] = v.Value, ["success"] = v.Success },
            }).ToArray()),
        },
    };

    private static JsonObject Indicator(JsonObject result, int i) => (JsonObject)result["evaluation"]!["indicatorResults"]![i]!;

    private static (string Criteria, double Target, bool Violated)[] Targets(JsonObject indicator, string key) =>
        indicator[key] is JsonArray a
            ? a.Select(t => (t!["criteria"]!.GetValue<string>(), t["targetValue"]!.Number(), t["violated"]!.GetValue<bool>())).ToArray()
            : [];

    [Fact]
    public void Evaluate_ValueWithinPassAndEarlierTen_PassesWithKeptnTargets()
    {
        var r = Run(Metric1 + Scores + Several, new JsonObject { ["my-test-metric-1"] = 10 }, Earlier("pass", ("my-test-metric-1", 10, true)));

        var i = Indicator(r, 0);
        Assert.Equal(("pass", 1.0), (i["status"]!.GetValue<string>(), i["score"]!.Number()));
        Assert.Equal(10, i["value"]!["comparedValue"]!.Number());
        Assert.Equal([("<=15.0", 15, false), ("<=+10%", 11, false)], Targets(i, "passTargets"));
        Assert.Equal([("<=20.0", 20, false), ("<=+15%", 11.5, false)], Targets(i, "warningTargets"));
        Assert.Equal(("pass", 100.0), (r["result"]!.GetValue<string>(), r["score"]!.Number()));
    }

    [Fact]
    public void Evaluate_ValueInWarningBand_GivesHalfWeightAndWarningObjective()
    {
        var r = Run(Metric1 + Scores + Several, new JsonObject { ["my-test-metric-1"] = 16 }, Earlier("pass", ("my-test-metric-1", 10, true)));

        var i = Indicator(r, 0);
        Assert.Equal(("warning", 0.5), (i["status"]!.GetValue<string>(), i["score"]!.Number()));
        Assert.Equal([("<=15.0", 15, true), ("<=+10%", 11, true)], Targets(i, "passTargets"));
        Assert.Equal([("<=20.0", 20, false), ("<=+15%", 11.5, true)], Targets(i, "warningTargets"));
        Assert.Equal(("fail", 50.0), (r["result"]!.GetValue<string>(), r["score"]!.Number()));
    }

    [Fact]
    public void Evaluate_InformationalObjective_ReportedButNotScored()
    {
        var slo = Metric1 + "  - sli: my-log-metric\n" + Scores + Several;

        var r = Run(slo, new JsonObject { ["my-test-metric-1"] = 10, ["my-log-metric"] = 30 }, Earlier("pass", ("my-test-metric-1", 10, true)));

        var info = Indicator(r, 1);
        Assert.Equal(("info", 0.0), (info["status"]!.GetValue<string>(), info["score"]!.Number()));
        Assert.Empty(Targets(info, "passTargets"));
        Assert.Equal(30, info["value"]!["value"]!.Number());
        Assert.Equal(100.0, r["score"]!.Number());
    }

    [Fact]
    public void Evaluate_InformationalWarningCriteria_AreViolatedOnlyWhereTheyDoNotHold()
    {
        var slo = Metric1 + "  - { sli: my-log-metric, warning: [{ criteria: [\"<=50\", \">=40\"] }] }\n" + Scores;

        var r = Run(slo, new JsonObject { ["my-test-metric-1"] = 10, ["my-log-metric"] = 30 });

        var info = Indicator(r, 1);
        Assert.Equal("info", info["status"]!.GetValue<string>());
        Assert.Equal([("<=50", 50, false), (">=40", 40, true)], Targets(info, "warningTargets"));
        Assert.Equal("pass", r["result"]!.GetValue<string>());
    }

    [Fact]
    public void Evaluate_OnlyInformationalObjectives_PassesWithFullScore()
    {
        var r = Run("objectives: [{ sli: a }, { sli: b, pass: [], warning: [] }]\n" + Scores, new JsonObject { ["a"] = 1, ["b"] = 2 });

        Assert.Equal(("pass", 100.0), (r["result"]!.GetValue<string>(), r["score"]!.Number()));
    }

    [Fact]
    public void Evaluate_NoEarlierResultsRelativeAndFixedCriteria_FixedOneDecides()
    {
        var slo = "objectives: [{ sli: response_time_p50, pass: [{ criteria: [\"<=+20%\", \"<500\"] }] }]\n" + Scores + Several;

        var r = Run(slo, new JsonObject { ["response_time_p50"] = 1011.07 });

        var i = Indicator(r, 0);
        Assert.Equal("fail", i["status"]!.GetValue<string>());
        Assert.Equal([("<=+20%", 0, false), ("<500", 500, true)], Targets(i, "passTargets"));
        Assert.Null(i["warningTargets"]);
        Assert.Equal(("fail", 0.0), (r["result"]!.GetValue<string>(), r["score"]!.Number()));
    }

    [Fact]
    public void Evaluate_EarlierResultFailedToMeasure_IgnoredSoRelativeCriterionPasses()
    {
        var slo = "objectives: [{ sli: m, pass: [{ criteria: [\"<=+20%\"] }] }]\n" + Scores + "comparison: { compare_with: single_result }\n";

        var r = Run(slo, new JsonObject { ["m"] = 100 }, Earlier("fail", ("m", 0, false)));

        var i = Indicator(r, 0);
        Assert.Equal(("pass", 1.0), (i["status"]!.GetValue<string>(), i["score"]!.Number()));
        Assert.Equal([("<=+20%", 0, false)], Targets(i, "passTargets"));
    }

    [Fact]
    public void Evaluate_EarlierFailedEvaluationWithGoodValue_CountsUnderAllButNotUnderPass()
    {
        const string Objective = "objectives: [{ sli: m, pass: [{ criteria: [\"<=+10%\"] }] }]\n";
        var earlier = Earlier("fail", ("m", 100, true));

        var all = Run(Objective + Scores + "comparison: { compare_with: single_result, include_result_with_score: all }\n", new JsonObject { ["m"] = 120 }, earlier);
        var pass = Run(Objective + Scores + "comparison: { compare_with: single_result, include_result_with_score: pass }\n", new JsonObject { ["m"] = 120 }, earlier);

        Assert.Equal([("<=+10%", 110, true)], Targets(Indicator(all, 0), "passTargets"));
        Assert.Equal("fail", all["result"]!.GetValue<string>());
        Assert.Single(all["evaluation"]!["comparedEvents"]!.AsArray());
        Assert.Equal("pass", pass["result"]!.GetValue<string>());
        Assert.Empty(pass["evaluation"]!["comparedEvents"]!.AsArray());
    }

    [Fact]
    public void Evaluate_ObjectiveSliMissing_FailsWithUnadjustedEarlierTargetsAndReportsExtraSli()
    {
        var slo = Metric1.Replace("my-test-metric-1", "a_different_metric", StringComparison.Ordinal) + Scores + Several;

        var r = Run(slo, new JsonObject { ["my-test-metric-1"] = 10 },
            Earlier("pass", ("a_different_metric", 5, true)), Earlier("pass", ("a_different_metric", null, true)));

        var i = Indicator(r, 0);
        Assert.Equal(("fail", 0.0), (i["status"]!.GetValue<string>(), i["score"]!.Number()));
        Assert.Equal("no value received from SLI provider", i["value"]!["message"]!.GetValue<string>());
        Assert.False(i["value"]!["success"]!.GetValue<bool>());
        Assert.Equal([("<=15.0", 15, true), ("<=+10%", 5, true)], Targets(i, "passTargets"));
        Assert.Equal([("<=20.0", 20, true), ("<=+15%", 5, true)], Targets(i, "warningTargets"));
        Assert.Equal("my-test-metric-1", r["unusedIndicators"]![0]!.GetValue<string>());
    }

    [Fact]
    public void Evaluate_SliValueNotSuccessful_FailsObjectiveKeepingProviderMessage()
    {
        var indicators = new JsonArray(new JsonObject { ["metric"] = "my-test-metric-1", ["value"] = 0, ["success"] = false, ["message"] = "could not get data" });

        var r = Run(Metric1 + Scores + Several, indicators, Earlier("pass", ("my-test-metric-1", 10, true)));

        var i = Indicator(r, 0);
        Assert.Equal("fail", i["status"]!.GetValue<string>());
        Assert.Equal("could not get data", i["value"]!["message"]!.GetValue<string>());
        Assert.Equal([("<=15.0", 15, true), ("<=+10%", 10, true)], Targets(i, "passTargets"));
    }

    [Fact]
    public void Evaluate_NoObjectives_FailsSoNothingPassesByAccident()
    {
        var r = Run("objectives: []\n" + Scores, new JsonObject());

        Assert.Equal("fail", r["result"]!.GetValue<string>());
        Assert.Null(r["evaluation"]!["indicatorResults"]);
        Assert.Contains("No SLO objective", r["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_KeySliFailsWhileOthersPass_FailsWithKeySliMessage()
    {
        var objectives = string.Concat(Enumerable.Range(0, 9).Select(i => $"  - {{ sli: ok{i}, pass: [{{ criteria: [\"<10\"] }}] }}\n"));
        var slo = "objectives:\n" + objectives + "  - { sli: cpu, displayName: cpu time, key_sli: true, pass: [{ criteria: [\"<10\"] }] }\n" + Scores;
        var indicators = new JsonObject { ["cpu"] = 50 };
        for (var i = 0; i < 9; i++)
        {
            indicators[$"ok{i}"] = 1;
        }

        var r = Run(slo, indicators);

        Assert.Equal(("fail", 90.0), (r["result"]!.GetValue<string>(), r["score"]!.Number()));
        Assert.Equal("Evaluation failed due to key_sli objective 'cpu time': failed evaluation with score 0.000000", r["message"]!.GetValue<string>());
        Assert.True(Indicator(r, 9)["keySli"]!.GetValue<bool>());
    }

    [Fact]
    public void Evaluate_KeySliInWarning_DoesNotFailTheEvaluation()
    {
        var slo = """
            objectives:
              - { sli: key, key_sli: true, pass: [{ criteria: ["<10"] }], warning: [{ criteria: ["<20"] }] }
              - { sli: other, pass: [{ criteria: ["<10"] }] }

            """ + Scores;

        var r = Run(slo, new JsonObject { ["key"] = 15, ["other"] = 1 });

        Assert.Equal(("warning", 75.0), (r["result"]!.GetValue<string>(), r["score"]!.Number()));
        Assert.Equal("Evaluation returned a warning: the calculated score of 75 is close to the warning target value of 75", r["message"]!.GetValue<string>());
    }

    [Fact]
    public void Evaluate_KeySliMissing_FailsWithProviderMessage()
    {
        var slo = "objectives: [{ sli: key, displayName: Key, key_sli: true, pass: [{ criteria: [\"<10\"] }] }, { sli: other, pass: [{ criteria: [\"<10\"] }] }]\n"
            + "total_score: { pass: \"50%\" }\n";

        var r = Run(slo, new JsonObject { ["other"] = 1 });

        Assert.Equal(("fail", 50.0), (r["result"]!.GetValue<string>(), r["score"]!.Number()));
        Assert.Equal("Evaluation failed due to key_sli objective 'Key': no value received from SLI provider", r["message"]!.GetValue<string>());
    }

    [Fact]
    public void Evaluate_WeightedWarning_ScoresTwoThirdsUnrounded()
    {
        var slo = """
            objectives:
              - { sli: a, weight: 2, pass: [{ criteria: ["<10"] }], warning: [{ criteria: ["<20"] }] }
              - { sli: b, pass: [{ criteria: ["<10"] }] }

            """ + Scores;

        var r = Run(slo, new JsonObject { ["a"] = 15, ["b"] = 1 });

        Assert.Equal(100.0 * (2.0 / 3.0), r["score"]!.Number());
        Assert.Equal("fail", r["result"]!.GetValue<string>());
        Assert.Equal("Evaluation failed since the calculated score of 66.66666666666666 is below the warning value of 75", r["message"]!.GetValue<string>());
    }

    [Fact]
    public void Evaluate_TwoCriteriaInOneSet_AllMustHold()
    {
        var slo = "objectives: [{ sli: m, pass: [{ criteria: [\"<=+10%\", \"<=10.0\"] }] }]\n" + Scores + Several;

        var ok = Run(slo, new JsonObject { ["m"] = 10 }, Earlier("pass", ("m", 10, true)), Earlier("pass", ("m", 10, true)));
        var over = Run(slo, new JsonObject { ["m"] = 11 }, Earlier("pass", ("m", 10, true)), Earlier("pass", ("m", 10, true)));

        Assert.Equal([("<=+10%", 11, false), ("<=10.0", 10, false)], Targets(Indicator(ok, 0), "passTargets"));
        Assert.Equal("pass", Indicator(ok, 0)["status"]!.GetValue<string>());
        Assert.Equal([("<=+10%", 11, false), ("<=10.0", 10, true)], Targets(Indicator(over, 0), "passTargets"));
        Assert.Equal("fail", Indicator(over, 0)["status"]!.GetValue<string>());
    }

    [Theory]
    [InlineData(10, "pass", false, false)]
    [InlineData(11, "pass", true, false)]
    [InlineData(20, "fail", true, true)]
    public void Evaluate_TwoCriteriaSets_AnyOneSuffices(double value, string status, bool firstViolated, bool secondViolated)
    {
        var slo = "objectives: [{ sli: m, pass: [{ criteria: [\"<=10.0\"] }, { criteria: [\"<=+10%\"] }] }]\n" + Scores + Several;

        var r = Run(slo, new JsonObject { ["m"] = value }, Earlier("pass", ("m", 10, true)), Earlier("pass", ("m", 10, true)));

        Assert.Equal(status, Indicator(r, 0)["status"]!.GetValue<string>());
        Assert.Equal([("<=10.0", 10, firstViolated), ("<=+10%", 11, secondViolated)], Targets(Indicator(r, 0), "passTargets"));
    }

    [Fact]
    public void Evaluate_SeveralResultsWithPercentile_AggregatesOnlyTheNewestCounted()
    {
        var slo = "objectives: [{ sli: m, pass: [{ criteria: [\"<=+0%\"] }] }]\n" + Scores
            + "comparison: { compare_with: several_results, number_of_comparison_results: 3, include_result_with_score: pass_or_warn, aggregate_function: p50 }\n";
        JsonObject[] earlier =
        [
            Earlier("pass", ("m", 30, true)), Earlier("fail", ("m", 1000, true)), Earlier("warning", ("m", 10, true)),
            Earlier("pass", ("m", 20, true)), Earlier("pass", ("m", 1, true)),
        ];

        var r = Run(slo, new JsonObject { ["m"] = 20 }, earlier);

        Assert.Equal(20, Indicator(r, 0)["value"]!["comparedValue"]!.Number());
        Assert.Equal("pass", r["result"]!.GetValue<string>());
        Assert.Equal(3, r["evaluation"]!["comparedEvents"]!.AsArray().Count);
    }

    [Fact]
    public void Evaluate_SameSliInTwoObjectives_SecondFindsNoValueAsInKeptn()
    {
        var r = Run("objectives: [{ sli: m, pass: [{ criteria: [\"<10\"] }] }, { sli: m, pass: [{ criteria: [\"<20\"] }] }]\n" + Scores, new JsonObject { ["m"] = 5 });

        Assert.Equal("pass", Indicator(r, 0)["status"]!.GetValue<string>());
        Assert.Equal("fail", Indicator(r, 1)["status"]!.GetValue<string>());
        Assert.Equal(50.0, r["score"]!.Number());
    }

    [Fact]
    public void Evaluate_OwnEarlierOutput_ServesAsPreviousEvaluation()
    {
        const string Slo = "objectives: [{ sli: m, pass: [{ criteria: [\"<=+10%\"] }] }]\ntotal_score: { pass: \"90%\" }\n";
        var first = Run(Slo, new JsonObject { ["m"] = 100 });

        var second = Run(Slo, new JsonObject { ["m"] = 115 }, first);

        Assert.Equal("pass", first["result"]!.GetValue<string>());
        Assert.Equal([("<=+10%", 110, true)], Targets(Indicator(second, 0), "passTargets"));
        Assert.Equal("fail", second["result"]!.GetValue<string>());
    }

    [Fact]
    public void Evaluate_SliNamedTwice_SecondResultNamesItsSliAndWhyItHasNoValue()
    {
        var r = Run("""
            objectives:
              - { sli: response_time, pass: [{ criteria: ["<=500"] }] }
              - { sli: response_time, displayName: again, pass: [{ criteria: ["<=300"] }] }
              - { sli: error_rate, pass: [{ criteria: ["<=1"] }] }
            """ + "\n" + Scores, new JsonObject { ["response_time"] = 200 });

        var second = Indicator(r, 1)["value"]!;
        Assert.Equal(("response_time", false), (second["metric"]!.GetValue<string>(), second["success"]!.GetValue<bool>()));
        Assert.Contains("named by an earlier objective", second["message"]!.GetValue<string>(), StringComparison.Ordinal);
        var missing = Indicator(r, 2)["value"]!;
        Assert.Equal(("error_rate", "no value received from SLI provider"), (missing["metric"]!.GetValue<string>(), missing["message"]!.GetValue<string>()));
    }
}

/// <summary>Reads a JSON number whichever CLR type it holds (whole numbers are stored as integers).</summary>
internal static class JsonNumber
{
    public static double Number(this JsonNode node) => Core.Expressions.Values.AsNumber(node) ?? throw new InvalidOperationException($"Not a number: {node.ToJsonString()}");
}
