using System.Text;
using System.Text.Json.Nodes;

namespace Baton.Core.Definitions.Import;

/// <summary>Model-compose's interpolation, <c>${source[index].path as type | default @(annotation)}</c>, as Baton expressions.</summary>
/// <remarks>The source is renamed by the scope the value is read in (<c>jobs</c> to <c>steps</c>; a component's <c>result</c> and
/// <c>response</c> to <c>output</c>). A default applies when the value is null and is text, as model-compose reads it, unless a
/// type converts it; the type converts a value that is not null: <c>text</c>/<c>string</c>/<c>markdown</c> with <c>string()</c>,
/// <c>integer</c> with <c>floor(number())</c>, <c>number</c>, <c>boolean</c> (true for <c>true</c> or <c>1</c>), and
/// <c>json</c>/<c>object</c>/<c>list</c> with <c>json()</c>; media types (<c>image</c>, <c>audio</c>, <c>video</c>, <c>file</c>,
/// <c>base64</c>) pass the value on as it is, for the bound task to read. An annotation <c>@(description text)</c> on an input field
/// becomes that field's description in the workflow's input schema.</remarks>
internal static class ComposeText
{
    /// <summary>Every string of a value converted; null stays null.</summary>
    public static JsonNode? Value(JsonNode? value, ComposeScope scope, string path, ImportBuilder b) => value switch
    {
        JsonObject o when o.Count == 1 && o["+"] is { } joined => JsonValue.Create("${flatten(" + (joined is JsonArray parts ? Operand(parts, scope, PathText.Key(path, "+"), b)
            : Whole(joined.ToString()) is { } one ? ComposeInterpolation.Expression(one, scope, PathText.Key(path, "+"), b) ?? "null" : Operand(new JsonArray(joined.DeepClone()), scope, path, b)) + ")}"),
        JsonObject o when o.Count == 1 && o["?"] is { } choice && Choice(choice, scope, PathText.Key(path, "?"), b) is { } chosen => JsonValue.Create("${" + chosen + "}"),
        JsonObject o when o.Select(p => p.Key).FirstOrDefault(k => k is "*" or "?" or "+" or "|" or "...") is { } op => Structural(op, o, path, b),
        JsonObject o => new JsonObject(o.Select(p => KeyValuePair.Create(p.Key, Value(p.Value, scope, PathText.Key(path, p.Key), b)))),
        JsonArray a => new JsonArray([.. a.Select((item, i) => Value(item, scope, PathText.Index(path, i), b))]),
        JsonValue v when v.TryGetValue<string>(out var s) => JsonValue.Create(Text(s, scope, path, b)),
        _ => value?.DeepClone(),
    };

    // model-compose's "?": the first condition that holds gives its if_true (one that fails gives its if_false, when it has one);
    // null when a branch is a mapping, which an expression cannot build.
    private static string? Choice(JsonNode choice, ComposeScope scope, string path, ImportBuilder b)
    {
        var conditions = choice is JsonArray list ? list.OfType<JsonObject>().ToList() : choice is JsonObject one ? [one] : [];
        if (conditions.Count == 0 || conditions.Any(c => c["if_true"] is JsonObject || c["if_false"] is JsonObject))
        {
            return null;
        }
        var chain = "null";
        for (var i = conditions.Count - 1; i >= 0; i--)
        {
            var c = conditions[i];
            var at = choice is JsonArray ? PathText.Index(path, i) : path;
            var test = ComposeRouting.Test(c, null, scope, at, b);
            chain = $"({test}) ? {Operand(c["if_true"], scope, PathText.Key(at, "if_true"), b)} : {(c.ContainsKey("if_false") ? Operand(c["if_false"], scope, PathText.Key(at, "if_false"), b) : chain)}";
        }
        return chain;
    }

    // model-compose's structural operators build values per item or by condition, which Baton's templates do not.
    private static JsonNode Structural(string op, JsonObject o, string path, ImportBuilder b)
    {
        var what = op switch
        {
            "*" => "maps a list item by item",
            "?" => "chooses a value by condition",
            "+" => "joins values",
            "|" => "splits a value item by item",
            _ => "spreads a value into another",
        };
        b.Error("BTN077", PathText.Key(path, op), $"model-compose's '{op}' operator {what}, which Baton's templates cannot do in a job's values.",
            "Shape the value in the task that makes it (or in a task of your own), and read the result.");
        return o.DeepClone();
    }

    /// <summary>A string with each <c>${...}</c> converted.</summary>
    public static string Text(string text, ComposeScope scope, string path, ImportBuilder b)
    {
        var sb = new StringBuilder();
        var at = 0;
        while (text.IndexOf("${", at, StringComparison.Ordinal) is var open and >= 0)
        {
            var close = Close(text, open + 2);
            if (close < 0)
            {
                break;
            }
            sb.Append(text, at, open - at);
            var inner = text[(open + 2)..close];
            if (Whole(text) is null && UnknownName(inner, scope) is { } name)
            {
                // Inside longer text, ${name} of no source is text of the user's own (a JavaScript template literal, say): kept as
                // written. model-compose would render it empty.
                b.Warning("BTN076", path, $"'${{{inner}}}' reads '{name}', which is not a source here, so it is kept as text.",
                    "Write $${ to mean the text '${', or read a source such as ${input.name}.");
                sb.Append("$${").Append(inner).Append('}');
                at = close + 1;
                continue;
            }
            var expr = ComposeInterpolation.Expression(inner, scope, path, b);
            if (expr is not null && sb.Length > 0 && sb[^1] == '$')
            {
                // '$' then a value ("$${input.price}" for a price in dollars): in Baton '$${' would be a literal '${'.
                sb.Length--;
                sb.Append("${'$'}");
            }
            sb.Append(expr is null ? text[open..(close + 1)] : "${" + expr + "}");
            at = close + 1;
        }
        return sb.Append(text, at, text.Length - at).ToString();
    }

    // The name an interpolation reads when it is a plain name that is no source, job or member of this scope; else null.
    private static string? UnknownName(string inner, ComposeScope scope)
    {
        var name = inner.Trim();
        var end = name.IndexOfAny(['.', '[', ' ', '|']);
        name = end < 0 ? name : name[..end];
        return name.Length > 0 && name.All(c => c == '_' || char.IsAsciiLetterOrDigit(c)) && !scope.Roots.ContainsKey(name) && !scope.JobIds.Contains(name)
            && !scope.Members.Keys.Any(k => k.StartsWith(name + ".", StringComparison.Ordinal)) && end < 0 ? name : null;
    }

    /// <summary>A value given as a condition or operand: one <c>${...}</c> as its expression, anything else as a literal.</summary>
    public static string Operand(JsonNode? value, ComposeScope scope, string path, ImportBuilder b) => value switch
    {
        JsonValue v when v.TryGetValue<string>(out var s) && Whole(s) is { } inner => "(" + (ComposeInterpolation.Expression(inner, scope, path, b) ?? "null") + ")",
        JsonValue v when v.TryGetValue<string>(out var s) && s.Contains("${", StringComparison.Ordinal) => Concat(s, scope, path, b),
        JsonArray list => "[" + string.Join(", ", list.Select((item, i) => Operand(item, scope, PathText.Index(path, i), b))) + "]",
        _ => ImportText.Literal(value),
    };

    // Text with expressions inside an expression: its pieces joined, literal text quoted and each value as text.
    private static string Concat(string text, ComposeScope scope, string path, ImportBuilder b)
    {
        var parts = new List<string>();
        var at = 0;
        while (text.IndexOf("${", at, StringComparison.Ordinal) is var open and >= 0 && Close(text, open + 2) is var close and >= 0)
        {
            if (open > at)
            {
                parts.Add(ImportText.Quote(text[at..open]));
            }
            parts.Add($"string({ComposeInterpolation.Expression(text[(open + 2)..close], scope, path, b) ?? "null"})");
            at = close + 1;
        }
        if (at < text.Length)
        {
            parts.Add(ImportText.Quote(text[at..]));
        }
        return "(" + string.Join(" + ", parts) + ")";
    }

    /// <summary>The inside of a string that is exactly one <c>${...}</c>; null otherwise.</summary>
    public static string? Whole(string text)
    {
        var t = text.Trim();
        return t.StartsWith("${", StringComparison.Ordinal) && Close(t, 2) == t.Length - 1 ? t[2..^1] : null;
    }

    // The index of the '}' that closes a '${' whose inside starts at 'from' (nested ${...} in defaults and attributes count).
    internal static int Close(string text, int from)
    {
        var depth = 0;
        for (var i = from; i < text.Length; i++)
        {
            if (text[i] == '{')
            {
                depth++;
            }
            else if (text[i] == '}' && depth-- == 0)
            {
                return i;
            }
        }
        return -1;
    }

}
