using System.Text.Json.Nodes;
using Baton.Core.Expressions;
using Baton.Runtime.Slo;

namespace Baton.Runtime.Runners;

/// <summary>The built-in <c>evaluate</c> task: turns metrics and thresholds into pass / warning / fail and a score.</summary>
/// <remarks>Two forms. With <c>slo</c>, Keptn's quality gate (see <see cref="Slo.SloInput"/>). Otherwise the shorthand:
/// <c>metrics</c> (name → number) and <c>thresholds</c> (name → { pass, warning, weight?, direction? }).
/// Direction is <c>higher</c> (higher is better) when pass ≥ warning, else <c>lower</c>, unless given. A metric
/// scores 1 at or beyond pass, 0.5 to 1 between warning and pass, and 0 past warning (fail). The score is the
/// weighted mean; the decision is the worst metric's. A threshold without its metric fails. Pure.</remarks>
public static class Evaluation
{
    /// <summary>Evaluates; throws <see cref="ArgumentException"/> when the input is not of the documented shape.</summary>
    public static JsonObject Evaluate(JsonNode? input)
    {
        if (IsSlo(input))
        {
            return SloInput.Evaluate(SloInput.Read((JsonObject)input!), []);
        }
        if (input is not JsonObject obj || obj["thresholds"] is not JsonObject thresholds || thresholds.Count == 0)
        {
            throw new ArgumentException("evaluate needs 'slo' (Keptn's slo.yaml, as a mapping or text) or 'thresholds' (a mapping of metric name to { pass, warning }).");
        }
        var metrics = obj["metrics"] as JsonObject ?? [];
        var results = new JsonObject();
        double weighted = 0, totalWeight = 0;
        var worst = 0;
        foreach (var (name, node) in thresholds)
        {
            if (node is not JsonObject t || Values.AsNumber(t["pass"]) is not { } pass || Values.AsNumber(t["warning"]) is not { } warning)
            {
                throw new ArgumentException($"Threshold '{name}' needs numbers 'pass' and 'warning'.");
            }
            var weight = Values.AsNumber(t["weight"]) ?? 1;
            if (weight < 0)
            {
                throw new ArgumentException($"Threshold '{name}' has a negative weight.");
            }
            var higher = t["direction"] is { } d ? Values.Text(d) switch
            {
                "higher" => true,
                "lower" => false,
                var other => throw new ArgumentException($"Threshold '{name}' direction '{other}' is not 'higher' or 'lower'."),
            } : pass >= warning;
            var value = Values.AsNumber(metrics[name]);
            var (decision, score) = value is { } v ? Judge(v, pass, warning, higher) : (2, 0.0);
            worst = Math.Max(worst, decision);
            weighted += score * weight;
            totalWeight += weight;
            results[name] = new JsonObject
            {
                ["value"] = value is { } x ? Values.Number(x) : null,
                ["decision"] = Names[decision],
                ["score"] = Values.Number(Math.Round(score, 4)),
                ["pass"] = Values.Number(pass),
                ["warning"] = Values.Number(warning),
                ["direction"] = higher ? "higher" : "lower",
                ["reason"] = value is null ? "metric missing or not a number" : null,
            };
        }
        return new JsonObject
        {
            ["decision"] = Names[worst],
            ["score"] = Values.Number(totalWeight == 0 ? 0 : Math.Round(weighted / totalWeight, 4)),
            ["metrics"] = results,
        };
    }

    /// <summary>Evaluates as a task: with <c>subject</c>, compares with the results the host recorded for it and
    /// records this one under the attempt's idempotency key.</summary>
    /// <exception cref="ArgumentException">The input is not of a documented shape, or it names a subject on a host
    /// that keeps no evaluation history.</exception>
    public static async Task<JsonObject> EvaluateAsync(TaskContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        return IsSlo(context.Input)
            ? await EvaluateAsync(SloInput.Read((JsonObject)context.Input!), context, cancellationToken).ConfigureAwait(false)
            : Evaluate(context.Input);
    }

    /// <summary>Evaluates a read request as the task of <paramref name="context"/>, with the subject's recorded results.</summary>
    /// <exception cref="ArgumentException">The request names a subject on a host that keeps no evaluation history.</exception>
    public static async Task<JsonObject> EvaluateAsync(SloRequest request, TaskContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        if (request.Subject is not { } subject)
        {
            return SloInput.Evaluate(request, []);
        }
        var history = context.Evaluations
            ?? throw new ArgumentException("'subject' asks for recorded results, but this host keeps no evaluation history. Give earlier results in 'previous' instead.");
        var comparison = request.Slo.Document.Comparison;
        var recorded = await history.RecentAsync(subject, SloInput.Counted(comparison), comparison.Count, context.IdempotencyKey, cancellationToken).ConfigureAwait(false);
        var result = SloInput.Evaluate(request, recorded);
        await history.RecordAsync(subject, context.IdempotencyKey, Values.Text(result["result"]), result, cancellationToken).ConfigureAwait(false);
        return result;
    }

    private static bool IsSlo(JsonNode? input)
    {
        if (input is not JsonObject o || !o.ContainsKey("slo"))
        {
            return false;
        }
        return o.ContainsKey("thresholds")
            ? throw new ArgumentException("evaluate takes either 'slo' (Keptn's quality gate) or 'thresholds' (the shorthand), not both.")
            : true;
    }

    private static readonly string[] Names = ["pass", "warning", "fail"];

    private static (int Decision, double Score) Judge(double value, double pass, double warning, bool higher)
    {
        var good = higher ? value >= pass : value <= pass;
        if (good)
        {
            return (0, 1);
        }
        var ok = higher ? value >= warning : value <= warning;
        if (!ok)
        {
            return (2, 0);
        }
        var span = pass - warning;
        var frac = span == 0 ? 1 : (value - warning) / span;
        return (1, 0.5 + 0.5 * Math.Clamp(frac, 0, 1));
    }
}
