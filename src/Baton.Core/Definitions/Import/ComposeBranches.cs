using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Baton.Core.Definitions.Import;

/// <summary>Model-compose's <c>type: if</c> job, as native steps: the job becomes a <c>set</c> step whose output is the
/// name of the job to run next, and each target runs only when it is named.</summary>
/// <remarks>Conditions are tried in order: the first that is true and has an <c>if_true</c>, or false and has an
/// <c>if_false</c>, names the target; when none does, no target runs. Operators: eq, neq, gt, gte, lt, lte, in,
/// not-in, starts-with, ends-with, match. A job status compared with <c>success</c> or <c>completed</c> reads Baton's
/// <c>succeeded</c> (and <c>failure</c> or <c>error</c> reads <c>failed</c>). Targets not taken are skipped, and so is
/// every job that depends only on skipped targets (directly or through other such jobs), so a branch's chain is
/// skipped with it while a job joining two branches still runs.</remarks>
internal static partial class ComposeBranches
{
    private static readonly string[] ConditionKeys = ["operator", "input", "value", "if_true", "if_false"];
    private static readonly string[] Operators = ["eq", "neq", "gt", "gte", "lt", "lte", "in", "not-in", "starts-with", "ends-with", "match"];

    public static void Wire(List<ComposeImporter.Job> jobs, ImportBuilder b)
    {
        var byId = jobs.ToDictionary(j => j.Id, StringComparer.Ordinal);
        var routes = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var job in jobs.Where(j => j.Native["type"]?.ToString() == "set"))
        {
            var path = PathText.Key(job.Path, "conditions");
            var conditions = job.Native["conditions"] as JsonArray;
            job.Native.Remove("conditions");
            if (conditions is null || conditions.Count == 0)
            {
                b.Error("BTN072", job.Path, "An 'if' job needs a list of 'conditions'.",
                    "Add conditions: [ { operator: eq, input: ${jobs.x.output.kind}, value: text, if_true: a, if_false: b } ].");
                continue;
            }
            var chain = "null";
            for (var i = conditions.Count - 1; i >= 0; i--)
            {
                var at = PathText.Index(path, i);
                if (conditions[i] is not JsonObject c)
                {
                    b.Error("BTN073", at, "Each condition must be a mapping.", "Write { operator: eq, input: ..., value: ..., if_true: ... }.");
                    continue;
                }
                b.OnlyKeys(c, at, "condition", ConditionKeys);
                var test = Test(c, at, b);
                var whenTrue = Target(c, at, "if_true", byId, b);
                var whenFalse = Target(c, at, "if_false", byId, b);
                foreach (var target in new[] { whenTrue, whenFalse }.OfType<string>())
                {
                    (routes.TryGetValue(target, out var list) ? list : routes[target] = []).Add(job.Id);
                }
                chain = $"({test}) ? {(whenTrue is null ? chain : ImportText.Quote(whenTrue))} : {(whenFalse is null ? chain : ImportText.Quote(whenFalse))}";
            }
            job.Native["input"] = "${" + chain + "}";
        }
        foreach (var (target, from) in routes)
        {
            var job = byId[target];
            job.DependsOn.AddRange(from.Where(f => !job.DependsOn.Contains(f)));
            var taken = from.Distinct(StringComparer.Ordinal).Select(f => $"steps.{f}.output == {ImportText.Quote(target)}").ToList();
            job.Conditions.Add(taken.Count == 1 ? taken[0] : string.Join(" || ", taken.Select(t => $"({t})")));
        }
        Gate(jobs, routes.Keys.ToHashSet(StringComparer.Ordinal));
    }

    // A job whose every dependency is a branch target (or such a job) runs only when one of them ran.
    private static void Gate(List<ComposeImporter.Job> jobs, HashSet<string> gated)
    {
        var changed = true;
        while (changed)
        {
            changed = false;
            foreach (var job in jobs.Where(j => !gated.Contains(j.Id) && j.DependsOn.Count > 0 && j.DependsOn.All(gated.Contains)))
            {
                job.Conditions.Add(string.Join(" || ", job.DependsOn.Distinct(StringComparer.Ordinal).Select(d => $"steps.{d}.status != 'skipped'")));
                gated.Add(job.Id);
                changed = true;
            }
        }
    }

    private static string Test(JsonObject c, string at, ImportBuilder b)
    {
        var op = b.String(c, at, "operator") ?? "eq";
        if (!Operators.Contains(op, StringComparer.Ordinal))
        {
            b.Error("BTN077", PathText.Key(at, "operator"), $"Operator '{op}' is not known.", Suggest.UseOneOf(op, Operators));
            return "false";
        }
        var left = Operand(c["input"]);
        var right = Operand(c["value"]);
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
            "neq" => $"{left} != {right}",
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

    // A string that is one ${...} is that expression; anything else is a literal.
    private static string Operand(JsonNode? value) =>
        value is JsonValue v && v.TryGetValue<string>(out var s) && ImportText.WholeExpression(s) is { } expr
            ? $"({ComposeImporter.RenameExpression(expr)})"
            : value is JsonArray list
                ? "[" + string.Join(", ", list.Select(Operand)) + "]"
                : ImportText.Literal(value);

    private static string? Target(JsonObject c, string at, string key, Dictionary<string, ComposeImporter.Job> byId, ImportBuilder b)
    {
        if (b.String(c, at, key) is not { } target)
        {
            return null;
        }
        if (!byId.ContainsKey(target))
        {
            b.Error("BTN075", PathText.Key(at, key), $"'{target}' is not a job of this workflow.", $"Name a job's id. {Suggest.Hint(target, byId.Keys, "Jobs")}");
            return null;
        }
        return target;
    }

    [GeneratedRegex(@"^\(steps\.[A-Za-z_][\w-]*\.status\)$")]
    private static partial Regex StatusPattern();
}
