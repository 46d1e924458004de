using System.Text;
using System.Text.Json.Nodes;
using Baton.Core.Definitions;
using Baton.Core.Expressions;

namespace Baton.Runtime.Slo;

/// <summary>Reads the SLO form of the <c>evaluate</c> task's input: the SLO, the SLI values and earlier evaluations.</summary>
/// <remarks>Input: <c>slo</c> (Keptn's slo.yaml as a mapping, or its text), <c>indicators</c> (a mapping of SLI name
/// to number, or Keptn's list of <c>{ metric, value, success, message }</c>), and optionally <c>previous</c>: earlier
/// evaluations, newest first, in Keptn's evaluation.finished shape (<c>{ id, result, evaluation: { indicatorResults:
/// [{ value: { metric, value, success } }] } }</c>; Baton's own evaluate outputs have it), and <c>subject</c>: the name
/// under which results are recorded and compared (such as <c>photo-service/dev</c>), when the host keeps them.</remarks>
public static class SloInput
{
    /// <summary>The longest subject name accepted.</summary>
    public const int MaxSubjectLength = 256;

    /// <summary>Reads the SLO form of the input.</summary>
    /// <exception cref="SloException">Any part is not of the documented shape; the message names the key (and, for
    /// an SLO given as text, its line and column).</exception>
    /// <remarks>With <paramref name="fixedSlo"/> (an evaluate binding's), the input must not give its own <c>slo</c>;
    /// <paramref name="subject"/>, when given, replaces the input's <c>subject</c>.</remarks>
    public static SloRequest Read(JsonObject input, SloText? fixedSlo = null, string? subject = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (fixedSlo is not null && input.ContainsKey("slo"))
        {
            throw new SloException("slo", "The catalog's binding fixes this task's SLO; remove 'slo' from the step input, or change the binding.");
        }
        var slo = fixedSlo ?? FromNode(input["slo"]);
        subject ??= input["subject"] is { } s ? Values.Text(s) : null;
        if (subject is not null && subject is not { Length: > 0 and <= MaxSubjectLength })
        {
            throw new SloException("subject", $"'subject' is the name results are kept under, a string of 1 to {MaxSubjectLength} characters such as 'photo-service/dev'.");
        }
        return new SloRequest(slo, Indicators(input["indicators"]), Earlier(input["previous"]), subject);
    }

    /// <summary>Evaluates a request; <paramref name="recorded"/> (the subject's recorded results, newest first) come
    /// before the earlier evaluations the input gives, which are taken as older.</summary>
    public static JsonObject Evaluate(SloRequest request, IReadOnlyList<JsonObject> recorded)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(recorded);
        var earlier = recorded.Count == 0 ? request.Previous : [.. Earlier(recorded, "recorded"), .. request.Previous];
        var result = SloEvaluator.Evaluate(request.Slo.Document, request.Indicators, earlier);
        ((JsonObject)result["evaluation"]!)["sloFileContent"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(request.Slo.Content));
        return result;
    }

    /// <summary>The results an SLO's comparison counts (null: all).</summary>
    public static IReadOnlyCollection<string>? Counted(SloComparison comparison) => comparison.Include switch
    {
        "pass" => ["pass"],
        "pass_or_warn" => ["pass", "warning"],
        _ => null,
    };

    /// <summary>Reads an SLO given as a mapping, or as the text of a slo.yaml.</summary>
    /// <exception cref="SloException">It is not an SLO; for text, the message gives line and column.</exception>
    public static SloText FromNode(JsonNode? node) =>
        node is JsonValue text && Values.IsString(text) ? FromText(Values.Text(text), "slo.yaml") : new SloText(SloDocument.Read(node), node?.ToJsonString() ?? "");

    /// <summary>Reads the text of a slo.yaml; <paramref name="file"/> names it in messages.</summary>
    /// <exception cref="SloException">It is not an SLO; the message gives file, line and column.</exception>
    public static SloText FromText(string content, string file)
    {
        var (document, diagnostics) = SourceReader.Read(content, file);
        if (document is null || diagnostics.Count > 0)
        {
            var d = diagnostics.FirstOrDefault();
            throw new SloException("", d is null ? $"{file} is empty." : $"{file}:{d.Location.Line}:{d.Location.Column}: {d.Message}");
        }
        try
        {
            return new SloText(SloDocument.Read(document.Root), content);
        }
        catch (SloException ex)
        {
            var at = document.LocationOf(ex.Path);
            throw new SloException(ex.Path, $"{file}:{at.Line}:{at.Column}: {ex.Problem}");
        }
    }

    private static List<SliValue> Indicators(JsonNode? node)
    {
        var values = new List<SliValue>();
        switch (node)
        {
            case null:
                break;
            case JsonObject map:
                foreach (var (name, v) in map)
                {
                    values.Add(Values.AsNumber(v) is { } n
                        ? new SliValue(name, n, true, null)
                        : new SliValue(name, 0, false, v is null ? "no value" : $"not a number: {Values.Text(v)}"));
                }
                break;
            case JsonArray list:
                for (var i = 0; i < list.Count; i++)
                {
                    values.Add(Value(list[i], $"indicators[{i}]"));
                }
                break;
            default:
                throw new SloException("indicators", "'indicators' is a mapping of SLI name to number, or a list of { metric, value, success }.");
        }
        return values;
    }

    private static SliValue Value(JsonNode? node, string path)
    {
        if (node is not JsonObject v || v["metric"] is not JsonValue m || Values.Text(m) is not { Length: > 0 } metric)
        {
            throw new SloException(path, "An SLI value is { metric, value, success, message }.");
        }
        var number = Values.AsNumber(v["value"]);
        var success = v["success"] is JsonValue s && s.TryGetValue<bool>(out var ok) ? ok : number is not null;
        return new SliValue(metric, number ?? 0, success && number is not null, v["message"] is { } msg ? Values.Text(msg) : null);
    }

    private static List<EarlierEvaluation> Earlier(JsonNode? node) => node switch
    {
        null => [],
        JsonArray items => Earlier(items, "previous"),
        _ => throw new SloException("previous", "'previous' is a list of earlier evaluations, newest first, in Keptn's evaluation.finished shape."),
    };

    /// <summary>Reads earlier evaluations (given in the input, or recorded for the subject) without copying them.</summary>
    private static List<EarlierEvaluation> Earlier(IEnumerable<JsonNode?> items, string key)
    {
        var list = new List<EarlierEvaluation>();
        var i = -1;
        foreach (var item in items)
        {
            var path = $"{key}[{++i}]";
            if (item is not JsonObject e || e["evaluation"] is not JsonObject evaluation)
            {
                throw new SloException(path, "An earlier evaluation is { id, result, evaluation: { result, indicatorResults } }.");
            }
            if (e["invalidated"] is JsonValue inv && inv.TryGetValue<bool>(out var invalidated) && invalidated)
            {
                continue;
            }
            var result = e["result"] is { } r ? Values.Text(r) : evaluation["result"] is { } er ? Values.Text(er) : "";
            var values = new List<SliValue>();
            if (evaluation["indicatorResults"] is JsonArray results)
            {
                for (var j = 0; j < results.Count; j++)
                {
                    if (results[j] is JsonObject ir && ir["value"] is JsonObject)
                    {
                        values.Add(Value(ir["value"], $"{path}.evaluation.indicatorResults[{j}].value"));
                    }
                }
            }
            list.Add(new EarlierEvaluation(e["id"] is { } id ? Values.Text(id) : null, result, values));
        }
        return list;
    }
}
