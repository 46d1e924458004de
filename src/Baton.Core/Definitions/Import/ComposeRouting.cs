using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Baton.Core.Definitions.Import;

/// <summary>Model-compose's routing jobs (<c>if</c>, <c>switch</c>, <c>random-router</c>) as native <c>switch</c> steps.</summary>
/// <remarks>Each way out is a case naming its target job: <c>if</c>'s conditions in order (a true one with <c>if_true</c>, or a false
/// one with <c>if_false</c>; one condition may be written on the job itself), <c>switch</c>'s cases (the job's input equal to the
/// case's value), <c>random-router</c>'s routings (one draw of <c>random()</c> against the weights, equal in <c>uniform</c> mode);
/// <c>otherwise</c> is the switch's default. Targets run only when chosen; the others are skipped, and so is every job that depends
/// only on skipped targets, while a job that joins the branches runs. Operators: eq, neq (ne), gt, gte, lt, lte, in, not-in,
/// starts-with, ends-with, match. A job status compared with <c>success</c> or <c>completed</c> reads Baton's <c>succeeded</c>
/// (and <c>failure</c> or <c>error</c> reads <c>failed</c>).</remarks>
internal static partial class ComposeRouting
{
    private static readonly string[] Operators = ["eq", "neq", "ne", "gt", "gte", "lt", "lte", "in", "not-in", "starts-with", "ends-with", "match"];

    public static void Read(ComposeJob job, string type, ComposeScope scope, ImportBuilder b)
    {
        var j = job.Source;
        job.IsRouter = true;
        var input = j.ContainsKey("input") ? ComposeText.Operand(j["input"], scope, PathText.Key(job.Path, "input"), b) : "null";
        switch (type)
        {
            case "if":
                var conditions = j["conditions"] is JsonArray list ? list.Select((c, i) => (c as JsonObject, PathText.Index(PathText.Key(job.Path, "conditions"), i))).ToList()
                    : j.ContainsKey("operator") || j.ContainsKey("if_true") || j.ContainsKey("if_false") ? [(j, job.Path)] : [];
                if (conditions.Count == 0)
                {
                    b.Error("BTN072", job.Path, "An 'if' job needs 'conditions' (or one condition's operator, value and if_true on the job).",
                        "Add conditions: [ { operator: eq, value: ok, if_true: next-job } ].");
                }
                foreach (var (c, at) in conditions)
                {
                    if (c is null)
                    {
                        b.Error("BTN073", at, "Each condition must be a mapping.", "Write { operator: eq, value: ..., if_true: ... }.");
                        continue;
                    }
                    var test = Test(c, input, scope, at, b);
                    if (b.String(c, at, "if_true") is { } whenTrue)
                    {
                        job.Routes.Add((test, whenTrue));
                    }
                    if (b.String(c, at, "if_false") is { } whenFalse)
                    {
                        job.Routes.Add(($"!({test})", whenFalse));
                    }
                }
                break;
            case "switch":
                foreach (var (c, at, _) in Cases(j, job.Path, "cases", b))
                {
                    if (b.String(c, at, "then", required: true, example: "then: next-job") is { } target)
                    {
                        job.Routes.Add(($"{input} == {ComposeText.Operand(c["value"], scope, PathText.Key(at, "value"), b)}", target));
                    }
                }
                break;
            default:
                var routings = Cases(j, job.Path, "routings", b).Select(r => (Target: b.String(r.Item1, r.Item2, "to", required: true, example: "to: next-job"),
                    Weight: b.String(j, job.Path, "mode") == "weighted" && ImportText.Number(r.Item1["weight"]) is double weight ? weight : 1.0)).ToList();
                var total = routings.Sum(r => Math.Max(r.Weight, 0));
                var sum = 0.0;
                foreach (var (target, weight) in routings)
                {
                    sum += Math.Max(weight, 0);
                    if (target is not null)
                    {
                        job.Routes.Add((sum >= total ? "true" : $"random() < {(sum / total).ToString("R", CultureInfo.InvariantCulture)}", target));
                    }
                }
                break;
        }
        job.Otherwise = b.String(j, job.Path, "otherwise");
        job.Step["type"] = "switch";
    }

    /// <summary>One condition (<c>{ operator, input, value }</c>) as an expression; a condition without its own input tests
    /// <paramref name="input"/> (the job's input).</summary>
    public static string Test(JsonObject c, string? input, ComposeScope scope, string at, ImportBuilder b)
    {
        var op = b.String(c, at, "operator") ?? "eq";
        if (!Operators.Contains(op, StringComparer.Ordinal))
        {
            b.Error("BTN077", PathText.Key(at, "operator"), $"Operator '{op}' is not known.", Suggest.UseOneOf(op, Operators));
            return "false";
        }
        var left = c.ContainsKey("input") ? ComposeText.Operand(c["input"], scope, PathText.Key(at, "input"), b) : input ?? "null";
        var right = ComposeText.Operand(c["value"], scope, PathText.Key(at, "value"), b);
        if (StatusPattern().IsMatch(left) && c["value"] is JsonValue v && v.TryGetValue<string>(out var word))
        {
            right = word.ToLowerInvariant() switch
            {
                "success" or "successful" or "succeeded" or "completed" or "done" => "'succeeded'",
                "failure" or "error" or "failed" => "'failed'",
                _ => right,
            };
        }
        return op switch
        {
            "eq" => $"{left} == {right}",
            "neq" or "ne" => $"{left} != {right}",
            "gt" => $"{left} > {right}",
            "gte" => $"{left} >= {right}",
            "lt" => $"{left} < {right}",
            "lte" => $"{left} <= {right}",
            "in" => $"contains({right}, {left})",
            "not-in" => $"!contains({right}, {left})",
            "starts-with" => $"startsWith({left}, {right})",
            "ends-with" => $"endsWith({left}, {right})",
            _ => $"matches({left}, {right})",
        };
    }

    /// <summary>The routing job as a native switch step over its routes, each naming the entry step of its target's chain.</summary>
    public static void Wire(ComposeJob router, IReadOnlyDictionary<string, ComposeJob> jobs, ImportBuilder b)
    {
        string? Entry(string target, string key)
        {
            if (jobs.TryGetValue(target, out var job))
            {
                return job.Entry["id"]!.GetValue<string>();
            }
            b.Error("BTN075", PathText.Key(router.Path, key), $"'{target}' is not a job of this workflow.", $"Name a job's id. {Suggest.Hint(target, jobs.Keys, "Jobs")}");
            return null;
        }
        var cases = new JsonArray();
        foreach (var (when, target) in router.Routes)
        {
            if (Entry(target, "conditions") is { } entry)
            {
                cases.Add(new JsonObject { ["when"] = "${" + when + "}", ["steps"] = new JsonArray(entry) });
            }
        }
        router.Step["cases"] = cases;
        if (router.Otherwise is { } otherwise && Entry(otherwise, "otherwise") is { } fallback)
        {
            router.Step["default"] = new JsonArray(fallback);
        }
    }

    private static IEnumerable<(JsonObject, string, int)> Cases(JsonObject j, string path, string key, ImportBuilder b)
    {
        if (j[key] is not JsonArray list || list.Count == 0)
        {
            b.Error("BTN072", j.ContainsKey(key) ? PathText.Key(path, key) : path, $"The job needs a non-empty list of '{key}'.", $"Add {key}: [ ... ].");
            yield break;
        }
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] is JsonObject c)
            {
                yield return (c, PathText.Index(PathText.Key(path, key), i), i);
            }
        }
    }

    [GeneratedRegex(@"^\(steps\.[A-Za-z_][\w-]*\.status\)$")]
    private static partial Regex StatusPattern();
}
