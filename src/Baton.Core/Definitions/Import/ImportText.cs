using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Baton.Core.Definitions.Import;

/// <summary>Name, literal and expression conversions the importers share.</summary>
internal static partial class ImportText
{
    /// <summary><c>ImageResize</c>, <c>image resize</c> or <c>image-resize</c> as <c>image_resize</c>.</summary>
    public static string Snake(string name) => Words(name, '_');

    /// <summary><c>ImageProcessingPipeline</c> as <c>image-processing-pipeline</c>.</summary>
    public static string Kebab(string name) => Words(name, '-');

    private static string Words(string name, char separator)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c) && i > 0 && (char.IsLower(name[i - 1]) || char.IsDigit(name[i - 1]) || (i + 1 < name.Length && char.IsLower(name[i + 1]))) && sb.Length > 0 && sb[^1] != separator)
            {
                sb.Append(separator);
            }
            if (char.IsLetterOrDigit(c))
            {
                sb.Append(char.ToLowerInvariant(c));
            }
            else if (sb.Length > 0 && sb[^1] != separator)
            {
                sb.Append(separator);
            }
        }
        return sb.ToString().Trim(separator);
    }

    /// <summary>Whether an object says <c>default: true</c> (model-compose marks its default workflow, component and action so).</summary>
    public static bool IsDefault(JsonObject? o) => o?["default"] is JsonValue v && v.TryGetValue<bool>(out var yes) && yes;

    /// <summary>A number as written (an integer or not, whatever it is held as); null when the value is not a number.</summary>
    public static double? Number(JsonNode? value) =>
        value is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.Number
            && double.TryParse(v.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : null;

    /// <summary>A whole number as written; null when the value is not one.</summary>
    public static int? Integer(JsonNode? value) => Number(value) is { } d && d == Math.Floor(d) && Math.Abs(d) <= int.MaxValue ? (int)d : null;

    /// <summary>A value as an expression literal: strings single-quoted, everything else as JSON.</summary>
    public static string Literal(JsonNode? value) =>
        value is JsonValue v && v.TryGetValue<string>(out var s) ? Quote(s) : value?.ToJsonString() ?? "null";

    /// <summary>A string as a single-quoted expression literal.</summary>
    public static string Quote(string s) => "'" + s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal) + "'";

    /// <summary>Member access on <paramref name="target"/> for a key, dotted when the key is a plain name.</summary>
    public static string Member(string target, string key) => PlainKey().IsMatch(key) ? $"{target}.{key}" : $"{target}[{Quote(key)}]";

    /// <summary>Milliseconds (a number, or digits as text) as a Baton duration such as <c>5s</c> or <c>1500ms</c>; null when it is not a whole number.</summary>
    public static string? Milliseconds(JsonNode? value)
    {
        long ms;
        if (value is JsonValue v && v.TryGetValue<long>(out var n))
        {
            ms = n;
        }
        else if (value is JsonValue t && t.TryGetValue<string>(out var text) && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
        {
            ms = parsed;
        }
        else
        {
            return null;
        }
        return ms <= 0 ? null : ms % 1000 == 0 ? $"{ms / 1000}s" : $"{ms}ms";
    }

    /// <summary>The expression inside a string that is exactly one <c>${...}</c>; null otherwise.</summary>
    public static string? WholeExpression(string text)
    {
        var t = text.Trim();
        return t.StartsWith("${", StringComparison.Ordinal) && t.EndsWith('}') && t.IndexOf("${", 2, StringComparison.Ordinal) < 0 ? t[2..^1].Trim() : null;
    }

    /// <summary>Rewrites the root name <paramref name="from"/> to <paramref name="to"/> inside every <c>${...}</c> of every string in a value.</summary>
    public static JsonNode? RenameRoot(JsonNode? value, string from, string to) => MapStrings(value, s => RenameRoot(s, from, to));

    /// <summary>A copy of a value with every string in it passed through <paramref name="map"/>; other values copied as they are.</summary>
    public static JsonNode? MapStrings(JsonNode? value, Func<string, string> map) => value switch
    {
        JsonObject o => new JsonObject(o.Select(p => KeyValuePair.Create(p.Key, MapStrings(p.Value, map)))),
        JsonArray a => new JsonArray([.. a.Select(i => MapStrings(i, map))]),
        JsonValue v when v.TryGetValue<string>(out var s) => JsonValue.Create(map(s)),
        _ => value?.DeepClone(),
    };

    /// <summary>Rewrites a root name inside the <c>${...}</c> parts of one string (outside quoted literals).</summary>
    public static string RenameRoot(string text, string from, string to)
    {
        if (!text.Contains("${", StringComparison.Ordinal))
        {
            return text;
        }
        var sb = new StringBuilder(text.Length);
        var i = 0;
        while (i < text.Length)
        {
            var open = text.IndexOf("${", i, StringComparison.Ordinal);
            if (open < 0 || (open > 0 && text[open - 1] == '$'))
            {
                var stop = open < 0 ? text.Length : open + 2;
                sb.Append(text, i, stop - i);
                i = stop;
                continue;
            }
            sb.Append(text, i, open + 2 - i);
            var close = Close(text, open + 2);
            sb.Append(RenameInExpression(text[(open + 2)..close], from, to));
            i = close;
        }
        return sb.ToString();
    }

    /// <summary>Rewrites a root name in bare expression text (no <c>${ }</c>), outside quoted literals.</summary>
    public static string RenameInExpression(string expression, string from, string to)
    {
        var sb = new StringBuilder(expression.Length);
        char? quote = null;
        for (var j = 0; j < expression.Length; j++)
        {
            var c = expression[j];
            if (quote is { } q)
            {
                sb.Append(c);
                if (c == '\\' && j + 1 < expression.Length)
                {
                    sb.Append(expression[++j]);
                }
                else if (c == q)
                {
                    quote = null;
                }
                continue;
            }
            if (c is '\'' or '"')
            {
                quote = c;
                sb.Append(c);
                continue;
            }
            var startsName = (j == 0 || !(char.IsLetterOrDigit(expression[j - 1]) || expression[j - 1] is '_' or '.' or '-'))
                && string.CompareOrdinal(expression, j, from, 0, from.Length) == 0
                && j + from.Length < expression.Length && expression[j + from.Length] is '.' or '[';
            if (startsName)
            {
                sb.Append(to);
                j += from.Length - 1;
                continue;
            }
            sb.Append(c);
        }
        return sb.ToString();
    }

    /// <summary>The names of the roots' members an expression text reads, e.g. <c>jobs.fetch.output</c> gives <c>fetch</c> for root <c>jobs</c>.</summary>
    public static IEnumerable<string> MembersOf(string text, string root) =>
        MemberPattern().Matches(text).Where(m => m.Groups["root"].Value == root).Select(m => m.Groups["name"].Value).Distinct(StringComparer.Ordinal);

    private static int Close(string text, int from) => Expressions.Template.IndexOfClose(text, from) is >= 0 and var close ? close : text.Length;

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*\\z")]
    private static partial Regex PlainKey();

    [GeneratedRegex(@"(?<![\w.-])(?<root>[A-Za-z_]\w*)\.(?<name>[A-Za-z_][\w-]*)")]
    private static partial Regex MemberPattern();
}
