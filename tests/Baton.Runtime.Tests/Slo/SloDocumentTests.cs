using System.Text.Json.Nodes;
using Baton.Core.Definitions;
using Baton.Runtime.Runners;
using Baton.Runtime.Slo;

namespace Baton.Runtime.Tests.Slo;

/// <summary>Keptn's slo.yaml read with lighthouse's defaults, and every malformed SLO refused with its key path.</summary>
public sealed class SloDocumentTests
{
    private const string Objective = "objectives: [{ sli: m, pass: [{ criteria: [\"<10\"] }] }]\n";
    private const string Scores = "total_score: { pass: \"90%\", warning: \"75%\" }\n";

    private static SloDocument Read(string yaml) => SloDocument.Read(SourceReader.Read(yaml, "slo.yaml").Document!.Root);

    [Theory]
    [InlineData("", 1, "all", "avg")]
    [InlineData("comparison: {}\n", 3, "all", "avg")]
    [InlineData("comparison: { compare_with: several_results }\n", 3, "all", "avg")]
    [InlineData("comparison: { compare_with: single_result, number_of_comparison_results: 5 }\n", 1, "all", "avg")]
    [InlineData("comparison: { compare_with: several_results, number_of_comparison_results: 5, include_result_with_score: Pass_Or_Warn, aggregate_function: p95 }\n", 5, "pass_or_warn", "p95")]
    [InlineData("comparison: { compare_with: several_results, number_of_comparison_results: 0 }\n", 3, "all", "avg")]
    public void Read_Comparison_AppliesKeptnDefaults(string comparison, int count, string include, string aggregate)
    {
        var slo = Read(Objective + Scores + comparison);

        Assert.Equal(new SloComparison(count, include, aggregate), slo.Comparison);
    }

    [Fact]
    public void Read_ObjectiveWithoutWeightOrKey_GivesWeightOneAndNotKey()
    {
        var slo = Read("spec_version: '1.0'\n" + Objective + "total_score: { pass: 90 }\n");

        Assert.Equal((1, false), (slo.Objectives[0].Weight, slo.Objectives[0].KeySli));
        Assert.Equal((90.0, (double?)null), (slo.PassScore, slo.WarningScore));
    }

    [Theory]
    [InlineData("objectives: [{ sli: a }, { displayName: b }]\n" + Scores, "objectives[1].sli", "names the SLI")]
    [InlineData("objectives: [{ sli: a, weight: 0 }]\n" + Scores, "objectives[0].weight", "whole number of 1 or more")]
    [InlineData("objectives: [{ sli: a, weight: -2 }]\n" + Scores, "objectives[0].weight", "whole number of 1 or more")]
    [InlineData("objectives: [{ sli: a, weight: 1.5 }]\n" + Scores, "objectives[0].weight", "whole number of 1 or more")]
    [InlineData("objectives: [{ sli: a, weight: heavy }]\n" + Scores, "objectives[0].weight", "whole number of 1 or more")]
    [InlineData("objectives: [{ sli: a, key_sli: maybe }]\n" + Scores, "objectives[0].key_sli", "not true or false")]
    [InlineData("objectives: [{ sli: a, pass: [{ criteria: [\"<=abc\"] }] }]\n" + Scores, "objectives[0].pass[0].criteria[0]", "no number")]
    [InlineData("objectives: [{ sli: a, pass: [{ criteria: [\"<1\"] }], warning: [{ criteria: [\"fast\"] }] }]\n" + Scores, "objectives[0].warning[0].criteria[0]", "not a criterion")]
    [InlineData("objectives: [{ sli: a, pass: [\"<1\"] }]\n" + Scores, "objectives[0].pass[0]", "criteria set")]
    [InlineData("objectives: [{ sli: a, pass: [{ criteria: [5] }] }]\n" + Scores, "objectives[0].pass[0].criteria[0]", "is a string")]
    [InlineData(Objective, "total_score.pass", "No target score")]
    [InlineData("spec:\n  objectives: [{ sli: a }]\n  total_score: { pass: \"90%\" }\n", "spec", "Its 'objectives' and 'total_score' belong at the top level")]
    [InlineData(Objective + Scores + "objective: []\n", "objective", "not a key of Keptn's slo.yaml")]
    [InlineData(Objective + "total_score: { warning: \"75%\" }\n", "total_score.pass", "No target score")]
    [InlineData(Objective + "total_score: { pass: \"101%\" }\n", "total_score.pass", "from 0 to 100")]
    [InlineData(Objective + "total_score: { pass: \"-5%\" }\n", "total_score.pass", "from 0 to 100")]
    [InlineData(Objective + "total_score: { pass: \"90%\", warning: lots }\n", "total_score.warning", "from 0 to 100")]
    [InlineData(Objective + Scores + "comparison: { aggregate_function: max }\n", "comparison.aggregate_function", "percentile")]
    [InlineData(Objective + Scores + "comparison: { compare_with: last_week }\n", "comparison.compare_with", "single_result or several_results")]
    [InlineData(Objective + Scores + "comparison: { include_result_with_score: good }\n", "comparison.include_result_with_score", "all, pass, pass_or_warn")]
    [InlineData(Objective + Scores + "comparison: { number_of_comparison_results: -1 }\n", "comparison.number_of_comparison_results", "whole number")]
    public void Read_MalformedSlo_ThrowsWithPathAndFix(string yaml, string path, string problem)
    {
        var ex = Assert.Throws<SloException>(() => Read(yaml));

        Assert.Equal(path, ex.Path);
        Assert.Contains(problem, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_SloTextWithBadCriterion_NamesLineAndColumn()
    {
        const string Text = """
            spec_version: "1.0"
            objectives:
              - sli: response_time_p95
                pass:
                  - criteria: ["<=+10%", "<600 ms"]
            total_score: { pass: "90%" }
            """;

        var ex = Assert.Throws<SloException>(() => Evaluation.Evaluate(new JsonObject { ["slo"] = Text, ["indicators"] = new JsonObject() }));

        Assert.Contains("slo.yaml:5:", ex.Message, StringComparison.Ordinal);
        Assert.Equal("objectives[0].pass[0].criteria[1]", ex.Path);
    }

    [Fact]
    public void Evaluate_SloTextNotYaml_NamesLine()
    {
        var ex = Assert.Throws<SloException>(() => Evaluation.Evaluate(new JsonObject { ["slo"] = "objectives: [\n  - sli: a\n", ["indicators"] = new JsonObject() }));

        Assert.Contains("slo.yaml:", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_BothSloAndThresholds_IsRefused()
    {
        var input = new JsonObject { ["slo"] = Objective + Scores, ["thresholds"] = new JsonObject { ["m"] = new JsonObject { ["pass"] = 1, ["warning"] = 2 } } };

        Assert.Throws<ArgumentException>(() => Evaluation.Evaluate(input));
    }

    [Fact]
    public void Evaluate_SloText_KeepsItAsBase64FileContent()
    {
        var result = Evaluation.Evaluate(new JsonObject { ["slo"] = Objective + Scores, ["indicators"] = new JsonObject { ["m"] = 3 } });

        var content = Convert.FromBase64String(result["evaluation"]!["sloFileContent"]!.GetValue<string>());
        Assert.Equal(Objective + Scores, System.Text.Encoding.UTF8.GetString(content));
        Assert.Equal("pass", result["result"]!.GetValue<string>());
    }

    [Fact]
    public void Evaluate_MalformedPreviousEvaluation_IsRefusedWithItsIndex()
    {
        var input = new JsonObject
        {
            ["slo"] = Objective + Scores,
            ["indicators"] = new JsonObject { ["m"] = 3 },
            ["previous"] = new JsonArray(new JsonObject { ["result"] = "pass", ["evaluation"] = new JsonObject() }, new JsonObject { ["result"] = "pass" }),
        };

        var ex = Assert.Throws<SloException>(() => Evaluation.Evaluate(input));

        Assert.Equal("previous[1]", ex.Path);
    }

    [Fact]
    public void Evaluate_InvalidatedPreviousEvaluation_IsNotCompared()
    {
        static JsonObject Earlier(double value, bool invalidated) => new()
        {
            ["result"] = "pass",
            ["invalidated"] = invalidated,
            ["evaluation"] = new JsonObject
            {
                ["indicatorResults"] = new JsonArray(new JsonObject { ["value"] = new JsonObject { ["metric"] = "m", ["value"] = value, ["success"] = true } }),
            },
        };
        var input = new JsonObject
        {
            ["slo"] = "objectives: [{ sli: m, pass: [{ criteria: [\"<=+0%\"] }] }]\n" + Scores,
            ["indicators"] = new JsonArray(new JsonObject { ["metric"] = "m", ["value"] = 50, ["success"] = true }),
            ["previous"] = new JsonArray(Earlier(10, invalidated: true), Earlier(60, invalidated: false)),
        };

        var result = Evaluation.Evaluate(input);

        Assert.Equal("pass", result["result"]!.GetValue<string>());
        Assert.Equal(60, result["evaluation"]!["indicatorResults"]![0]!["passTargets"]![0]!["targetValue"]!.Number());
    }
}
