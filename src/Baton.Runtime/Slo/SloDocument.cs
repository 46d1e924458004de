using System.Globalization;
using System.Text.Json.Nodes;
using Baton.Core.Expressions;

namespace Baton.Runtime.Slo;

/// <summary>A Keptn <c>slo.yaml</c> (spec_version 1.0 and 0.1.x) read with the defaults lighthouse applies.</summary>
/// <remarks>Defaults: without a <c>comparison</c> block, one earlier result of any score, averaged; with one, missing
/// keys give <c>include_result_with_score: all</c>, <c>number_of_comparison_results: 3</c>, <c>aggregate_function:
/// avg</c>, and a missing <c>compare_with</c> uses 3 results; a missing weight is 1. <c>total_score.pass</c> is
/// required, as in Keptn. Where Keptn would silently go on (an unparseable warning criterion, an unknown aggregate
/// function, weight 0), this reader refuses with the key path, so a gate never passes by accident.</remarks>
public sealed record SloDocument(IReadOnlyList<SloObjective> Objectives, SloComparison Comparison, double PassScore, double? WarningScore)
{
    /// <summary>The keys of Keptn's slo.yaml at the top level.</summary>
    public static readonly IReadOnlyList<string> TopKeys = ["spec_version", "filter", "comparison", "objectives", "total_score"];

    /// <summary>Reads an SLO from its JSON form (an inline mapping, or a slo.yaml already parsed).</summary>
    /// <exception cref="SloException">The SLO is not of Keptn's shape; the message names the key and the fix.</exception>
    public static SloDocument Read(JsonNode? node)
    {
        if (node is not JsonObject slo)
        {
            throw new SloException("", "An SLO is a mapping with 'objectives' and 'total_score' (Keptn's slo.yaml).");
        }
        if (slo.Select(p => p.Key).FirstOrDefault(k => !TopKeys.Contains(k, StringComparer.Ordinal)) is { } unknown)
        {
            throw new SloException(unknown, $"'{unknown}' is not a key of Keptn's slo.yaml, whose keys are {string.Join(", ", TopKeys)}." +
                (slo[unknown] is JsonObject inner && inner.Any(p => TopKeys.Contains(p.Key, StringComparer.Ordinal))
                    ? $" Its {string.Join(" and ", inner.Select(p => p.Key).Where(k => TopKeys.Contains(k, StringComparer.Ordinal)).Select(k => $"'{k}'"))} belong at the top level: take them out of '{unknown}'."
                    : " Remove it, or fix its spelling."));
        }
        var objectives = new List<SloObjective>();
        if (slo["objectives"] is { } list)
        {
            if (list is not JsonArray items)
            {
                throw new SloException("objectives", "'objectives' is a list of { sli, pass, warning, weight, key_sli }.");
            }
            for (var i = 0; i < items.Count; i++)
            {
                if (items[i] is { } item)
                {
                    objectives.Add(Objective(item, $"objectives[{i}]"));
                }
            }
        }
        var (pass, warning) = TotalScore(slo["total_score"]);
        return new SloDocument(objectives, ReadComparison(slo["comparison"]), pass, warning);
    }

    private static SloObjective Objective(JsonNode node, string path)
    {
        if (node is not JsonObject o)
        {
            throw new SloException(path, "An objective is a mapping with at least 'sli'.");
        }
        var sli = o["sli"] is JsonValue v && Values.Text(v) is { Length: > 0 } s ? s
            : throw new SloException(path + ".sli", "Every objective names the SLI it judges: add 'sli: <indicator name>'.");
        var weight = 1;
        if (o["weight"] is { } w)
        {
            var number = Values.AsNumber(w);
            if (number is not { } n || n < 1 || n != Math.Floor(n) || n > int.MaxValue)
            {
                throw new SloException(path + ".weight", $"'{Values.Text(w)}' is not a weight. Use a whole number of 1 or more (the default is 1).");
            }
            weight = (int)number.Value;
        }
        var key = o["key_sli"] switch
        {
            null => false,
            JsonValue b when b.TryGetValue<bool>(out var flag) => flag,
            JsonValue t when Values.Text(t) is "true" or "false" => Values.Text(t) == "true",
            var other => throw new SloException(path + ".key_sli", $"'{Values.Text(other)}' is not true or false."),
        };
        var display = o["displayName"] is { } d ? Values.Text(d) : "";
        return new SloObjective(sli, display, Sets(o["pass"], path + ".pass"), Sets(o["warning"], path + ".warning"), weight, key);
    }

    private static List<IReadOnlyList<SloCriterion>> Sets(JsonNode? node, string path)
    {
        var sets = new List<IReadOnlyList<SloCriterion>>();
        if (node is null)
        {
            return sets;
        }
        if (node is not JsonArray array)
        {
            throw new SloException(path, "Criteria are a list of sets: '- criteria: [\"<=800\"]'.");
        }
        for (var i = 0; i < array.Count; i++)
        {
            var setPath = $"{path}[{i}]";
            if (array[i] is not JsonObject set || set["criteria"] is not JsonArray criteria)
            {
                throw new SloException(setPath, "A criteria set is '- criteria: [\"<=800\", ...]' (all of them must hold).");
            }
            var parsed = new List<SloCriterion>();
            for (var j = 0; j < criteria.Count; j++)
            {
                var itemPath = $"{setPath}.criteria[{j}]";
                parsed.Add(criteria[j] is JsonValue c && Values.IsString(c) ? SloCriterion.Parse(Values.Text(c), itemPath)
                    : throw new SloException(itemPath, "A criterion is a string such as '<=800' or '<=+10%'."));
            }
            sets.Add(parsed);
        }
        return sets;
    }

    private static SloComparison ReadComparison(JsonNode? node)
    {
        if (node is null)
        {
            return new SloComparison(1, "all", "avg");
        }
        if (node is not JsonObject c)
        {
            throw new SloException("comparison", "'comparison' is a mapping of compare_with, include_result_with_score, number_of_comparison_results and aggregate_function.");
        }
        var include = c["include_result_with_score"] is { } inc ? Values.Text(inc).ToLowerInvariant() : "all";
        if (include is not ("all" or "pass" or "pass_or_warn"))
        {
            throw new SloException("comparison.include_result_with_score", $"'{include}' is not one of all, pass, pass_or_warn.");
        }
        var number = 3;
        if (c["number_of_comparison_results"] is { } nr)
        {
            var n = Values.AsNumber(nr);
            if (n is not { } x || x < 0 || x != Math.Floor(x) || x > 1000)
            {
                throw new SloException("comparison.number_of_comparison_results", $"'{Values.Text(nr)}' is not a whole number from 1 to 1000.");
            }
            number = x == 0 ? 3 : (int)x;
        }
        var count = c["compare_with"] is { } cw ? Values.Text(cw) switch
        {
            "single_result" => 1,
            "several_results" => number,
            var other => throw new SloException("comparison.compare_with", $"'{other}' is not single_result or several_results."),
        } : 3;
        var aggregate = c["aggregate_function"] is { } af ? Values.Text(af) : "avg";
        if (aggregate != "avg" && SloAggregate.Percentile(aggregate) is null)
        {
            throw new SloException("comparison.aggregate_function", $"'{aggregate}' is not avg or a percentile such as p50, p90, p95.");
        }
        return new SloComparison(count, include, aggregate);
    }

    private static (double Pass, double? Warning) TotalScore(JsonNode? node)
    {
        if (node is not JsonObject t || t["pass"] is not { } pass)
        {
            throw new SloException("total_score.pass", "No target score is defined. Add 'total_score: { pass: \"90%\", warning: \"75%\" }'.");
        }
        var p = Percentage(pass, "total_score.pass");
        var w = t["warning"] is { } warning && Values.Text(warning).Length > 0 ? Percentage(warning, "total_score.warning") : (double?)null;
        return (p, w);
    }

    private static double Percentage(JsonNode node, string path)
    {
        var text = Values.Text(node);
        var number = text.EndsWith('%') ? text[..^1] : text;
        if (!double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) || value > 100)
        {
            throw new SloException(path, $"'{text}' is not a score from 0 to 100, such as \"90%\".");
        }
        return value;
    }
}
