using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Baton.Core.Definitions.Import;

/// <summary>Writes a JSON value as block-style YAML that reads back as the same value.</summary>
/// <remarks>Strings are written plain only when YAML cannot read them as anything else; all others are double-quoted
/// with JSON's escapes, which YAML's double-quoted style shares.</remarks>
public static partial class YamlText
{
    private static readonly JsonSerializerOptions Quoting = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly string[] Reserved = ["true", "false", "null", "yes", "no", "on", "off", "y", "n", "~"];

    /// <summary>The YAML text of a value, ending with a newline.</summary>
    public static string Write(JsonNode? value)
    {
        var sb = new StringBuilder();
        switch (value)
        {
            case JsonObject { Count: > 0 } o:
                WriteObject(sb, o, 0);
                break;
            case JsonArray { Count: > 0 } a:
                WriteArray(sb, a, 0);
                break;
            default:
                sb.Append(Scalar(value)).Append('\n');
                break;
        }
        return sb.ToString();
    }

    private static void WriteObject(StringBuilder sb, JsonObject o, int indent)
    {
        foreach (var (key, child) in o)
        {
            sb.Append(' ', indent).Append(Key(key)).Append(':');
            WriteValue(sb, child, indent + 2);
        }
    }

    private static void WriteArray(StringBuilder sb, JsonArray a, int indent)
    {
        foreach (var item in a)
        {
            sb.Append(' ', indent).Append('-');
            switch (item)
            {
                case JsonObject { Count: > 0 } o:
                    sb.Append(' ');
                    WriteObjectInline(sb, o, indent + 2);
                    break;
                case JsonArray { Count: > 0 } inner:
                    sb.Append('\n');
                    WriteArray(sb, inner, indent + 2);
                    break;
                default:
                    sb.Append(' ').Append(Scalar(item)).Append('\n');
                    break;
            }
        }
    }

    // An object as a sequence item: its first key follows "- ", the rest line up under it.
    private static void WriteObjectInline(StringBuilder sb, JsonObject o, int indent)
    {
        var first = true;
        foreach (var (key, child) in o)
        {
            if (!first)
            {
                sb.Append(' ', indent);
            }
            first = false;
            sb.Append(Key(key)).Append(':');
            WriteValue(sb, child, indent + 2);
        }
    }

    private static void WriteValue(StringBuilder sb, JsonNode? child, int childIndent)
    {
        switch (child)
        {
            case JsonObject { Count: > 0 } co:
                sb.Append('\n');
                WriteObject(sb, co, childIndent);
                break;
            case JsonArray { Count: > 0 } ca:
                sb.Append('\n');
                WriteArray(sb, ca, childIndent);
                break;
            default:
                sb.Append(' ').Append(Scalar(child)).Append('\n');
                break;
        }
    }

    private static string Key(string key) => PlainPattern().IsMatch(key) && !Reserved.Contains(key, StringComparer.OrdinalIgnoreCase) && !LooksNumeric(key)
        ? key
        : JsonSerializer.Serialize(key, Quoting);

    private static string Scalar(JsonNode? value) => value switch
    {
        null => "null",
        JsonObject => "{}",
        JsonArray => "[]",
        JsonValue v when v.TryGetValue<string>(out var s) => PlainPattern().IsMatch(s) && !Reserved.Contains(s, StringComparer.OrdinalIgnoreCase) && !LooksNumeric(s)
            ? s
            : JsonSerializer.Serialize(s, Quoting),
        _ => value.ToJsonString(),
    };

    private static bool LooksNumeric(string s) => s.Length > 0 && (char.IsDigit(s[0]) || s[0] is '.' or '-' or '+') && NumberLike().IsMatch(s);

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_./-]*$")]
    private static partial Regex PlainPattern();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9][0-9_]*(\.[0-9]*)?)([eE][-+]?[0-9]+)?$|^0[xo]")]
    private static partial Regex NumberLike();
}
