using System.Globalization;
using System.Text.Json.Nodes;
using Baton.Core.Expressions;

namespace Baton.Runtime.Slo;

/// <summary>Evaluates an SLO against SLI values and earlier evaluations with Keptn lighthouse's rules and arithmetic.</summary>
/// <remarks>Per objective: pass gives its weight, warning half of it, fail 0; an informational objective is reported
/// and left out of the maximum; a missing or failed SLI value fails its objective; a failed key SLI fails the
/// evaluation. The score is <c>100.0 * (achieved / maximum)</c>, unrounded; pass and warning are reached at or above
/// their percentages. Each SLI value serves the first objective that names it, as in Keptn. Pure.</remarks>
public static class SloEvaluator
{
    /// <summary>Evaluates; <paramref name="earlier"/> is newest first and is filtered and cut here per the comparison.</summary>
    /// <returns>Keptn's evaluation.finished data: <c>{ result, score, message, evaluation: { result, score,
    /// indicatorResults, comparedEvents } }</c>.</returns>
    public static JsonObject Evaluate(SloDocument slo, IReadOnlyList<SliValue> indicators, IReadOnlyList<EarlierEvaluation> earlier)
    {
        var compared = Compared(slo.Comparison, earlier);
        var remaining = indicators.ToList();
        var results = new JsonArray();
        var maximum = slo.Objectives.Count == 0 ? 100.0 : 0.0;
        var total = 0.0;
        string? keyFailure = null;
        var served = new HashSet<string>(StringComparer.Ordinal);
        foreach (var objective in slo.Objectives)
        {
            if (!objective.Informational)
            {
                maximum += objective.Weight;
            }
            var index = remaining.FindIndex(v => v.Metric == objective.Sli);
            // Without a value the result still names its SLI, and says why: none came, or an earlier objective took it.
            var value = index >= 0 ? remaining[index] : new SliValue(objective.Sli, 0, false, served.Contains(objective.Sli)
                ? $"the SLI '{objective.Sli}' is named by an earlier objective, which its value served (each value serves the first objective that names it)"
                : "no value received from SLI provider");
            if (index >= 0)
            {
                remaining.RemoveAt(index);
                served.Add(objective.Sli);
            }
            var baseline = Baseline(compared, objective.Sli, slo.Comparison.Aggregate);
            var name = objective.DisplayName.Length > 0 ? objective.DisplayName : objective.Sli;
            var (result, score, failure) = Objective(objective, value, baseline, name);
            keyFailure = failure ?? keyFailure;
            if (result["passTargets"] is JsonArray { Count: > 0 })
            {
                total += score;
            }
            results.Add(result);
        }

        var (outcome, achieved, message) = Decide(slo, maximum, total, keyFailure);
        if (remaining.Count > 0 && message is null)
        {
            message = $"Received SLIs that no objective names: {string.Join(", ", remaining.Select(v => v.Metric))}. Consider adding objectives for them.";
        }
        var top = outcome;
        if (slo.Objectives.Count == 0)
        {
            top = "fail";
            message = "No SLO objective was given, so nothing can pass.";
        }
        var evaluation = new JsonObject
        {
            ["result"] = outcome,
            ["score"] = Values.Number(achieved),
            ["indicatorResults"] = slo.Objectives.Count == 0 ? null : results,
            ["comparedEvents"] = new JsonArray(compared.Where(e => e.Id is not null).Select(e => (JsonNode?)e.Id).ToArray()),
        };
        return new JsonObject
        {
            ["result"] = top,
            ["score"] = Values.Number(achieved),
            ["message"] = message,
            ["unusedIndicators"] = new JsonArray(remaining.Select(v => (JsonNode?)v.Metric).ToArray()),
            ["evaluation"] = evaluation,
        };
    }

    /// <summary>The earlier evaluations that count: those whose result the comparison includes, newest first, cut to its count.</summary>
    private static List<EarlierEvaluation> Compared(SloComparison comparison, IReadOnlyList<EarlierEvaluation> earlier) =>
        earlier.Where(e => SloInput.Counted(comparison)?.Contains(e.Result) ?? true).Take(comparison.Count).ToList();

    /// <summary>The aggregate of the successful earlier values of an SLI, or null when there is none.</summary>
    private static double? Baseline(List<EarlierEvaluation> compared, string sli, string aggregate)
    {
        var values = compared.SelectMany(e => e.Values).Where(v => v.Metric == sli && v.Success).Select(v => v.Value).ToList();
        return values.Count == 0 ? null : SloAggregate.Apply(values, aggregate);
    }

    private static (JsonObject Result, double Score, string? KeyFailure) Objective(SloObjective objective, SliValue value, double? baseline, string name)
    {
        if (objective.Informational)
        {
            // Its warning criteria are judged against the value when there is one (lighthouse marks them all violated,
            // which reads as a warning that did not happen).
            var warnings = value.Success && objective.Warning.Count > 0 ? AnySet(objective.Warning, value.Value, baseline).Targets : Unmet(objective.Warning, baseline);
            return (Result(objective, value, "info", 0, [], warnings, keySli: false), 0, null);
        }
        if (!value.Success)
        {
            var failure = objective.KeySli ? $"Evaluation failed due to key_sli objective '{name}': {value.Message}" : null;
            return (Result(objective, value, "fail", 0, Unmet(objective.Pass, baseline), Unmet(objective.Warning, baseline), keySli: false), 0, failure);
        }
        var (passed, passTargets) = AnySet(objective.Pass, value.Value, baseline);
        var (warned, warningTargets) = objective.Warning.Count > 0 ? AnySet(objective.Warning, value.Value, baseline) : (false, null);
        var (status, score) = passed ? ("pass", (double)objective.Weight) : warned ? ("warning", 0.5 * objective.Weight) : ("fail", 0.0);
        var keyFailure = status == "fail" && objective.KeySli
            ? $"Evaluation failed due to key_sli objective '{name}': failed evaluation with score {0.0.ToString("F6", CultureInfo.InvariantCulture)}"
            : null;
        var result = Result(objective, value, status, score, passTargets, warningTargets, objective.KeySli);
        ((JsonObject)result["value"]!)["comparedValue"] = Values.Number(baseline ?? 0);
        return (result, score, keyFailure);
    }

    /// <summary>OR over the sets, AND within each; every criterion is evaluated and reported.</summary>
    private static (bool Met, JsonArray Targets) AnySet(IReadOnlyList<IReadOnlyList<SloCriterion>> sets, double value, double? baseline)
    {
        var any = false;
        var targets = new JsonArray();
        foreach (var set in sets)
        {
            var all = true;
            foreach (var criterion in set)
            {
                var target = criterion.Target(baseline);
                var met = criterion.IsMet(value, target);
                all &= met;
                targets.Add(Target(criterion, target ?? 0, !met));
            }
            any |= all;
        }
        return (any, targets);
    }

    /// <summary>Targets of an objective that was not judged: the fixed threshold, or the unadjusted earlier aggregate, all violated.</summary>
    private static JsonArray Unmet(IReadOnlyList<IReadOnlyList<SloCriterion>> sets, double? baseline) =>
        new(sets.SelectMany(s => s).Select(c => (JsonNode?)Target(c, c.Relative ? baseline ?? 0 : c.Amount, violated: true)).ToArray());

    private static JsonObject Target(SloCriterion criterion, double target, bool violated) => new()
    {
        ["criteria"] = criterion.Text,
        ["targetValue"] = Values.Number(target),
        ["violated"] = violated,
    };

    private static JsonObject Result(SloObjective objective, SliValue? value, string status, double score, JsonArray passTargets, JsonArray? warningTargets, bool keySli) => new()
    {
        ["score"] = Values.Number(score),
        ["status"] = status,
        ["value"] = value is null ? null : new JsonObject
        {
            ["metric"] = value.Metric,
            ["value"] = Values.Number(value.Value),
            ["comparedValue"] = 0,
            ["success"] = value.Success,
            ["message"] = value.Message,
        },
        ["displayName"] = objective.DisplayName,
        ["keySli"] = keySli,
        ["passTargets"] = passTargets,
        ["warningTargets"] = warningTargets,
    };

    private static (string Result, double Score, string? Message) Decide(SloDocument slo, double maximum, double total, string? keyFailure)
    {
        if (maximum == 0)
        {
            return ("pass", 100.0, null);
        }
        var achieved = 100.0 * (total / maximum);
        var score = Format(achieved);
        if (achieved >= slo.PassScore && keyFailure is null)
        {
            return ("pass", achieved, null);
        }
        if (slo.WarningScore is { } warning && keyFailure is null)
        {
            return achieved >= warning
                ? ("warning", achieved, $"Evaluation returned a warning: the calculated score of {score} is close to the warning target value of {Format(warning)}")
                : ("fail", achieved, $"Evaluation failed since the calculated score of {score} is below the warning value of {Format(warning)}");
        }
        return keyFailure is not null
            ? ("fail", achieved, keyFailure)
            : ("fail", achieved, $"Evaluation failed since the calculated score of {score} is below the target value of {Format(slo.PassScore)}");
    }

    private static string Format(double d) => d.ToString(CultureInfo.InvariantCulture);
}
