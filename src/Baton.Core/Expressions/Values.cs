using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Baton.Core.Expressions;

/// <summary>JSON value semantics shared by the evaluator and the functions: truthiness, text form, numbers, equality.</summary>
public static class Values
{
    /// <summary>Makes a JSON number, integral when the value is a whole number within range.</summary>
    public static JsonValue Number(double d) =>
        Math.Abs(d) < 9e15 && d == Math.Floor(d) ? JsonValue.Create((long)d) : JsonValue.Create(d);

    /// <summary>False for null, false, 0, "", [] and {}; true otherwise.</summary>
    public static bool Truthy(JsonNode? v) => v switch
    {
        null => false,
        JsonArray a => a.Count > 0,
        JsonObject o => o.Count > 0,
        JsonValue x => x.GetValueKind() switch
        {
            JsonValueKind.False or JsonValueKind.Null => false,
            JsonValueKind.Number => AsNumber(x) != 0,
            JsonValueKind.String => x.GetValue<string>().Length > 0,
            _ => true,
        },
        _ => true,
    };

    /// <summary>The kind of a value as users read it in error messages.</summary>
    public static string Kind(JsonNode? v) => v switch
    {
        null => "null",
        JsonArray => "list",
        JsonObject => "object",
        JsonValue x => x.GetValueKind() switch
        {
            JsonValueKind.String => "string",
            JsonValueKind.Number => "number",
            JsonValueKind.True or JsonValueKind.False => "boolean",
            _ => "null",
        },
        _ => "value",
    };

    /// <summary>True when the value is a JSON string.</summary>
    public static bool IsString(JsonNode? v) => v is JsonValue x && x.GetValueKind() == JsonValueKind.String;

    /// <summary>True when the value is a JSON number.</summary>
    public static bool IsNumber(JsonNode? v) => v is JsonValue x && x.GetValueKind() == JsonValueKind.Number;

    /// <summary>Reads a number, or null when the value is not one.</summary>
    /// <remarks>Reads every representation a JSON number may have in memory (parsed, long, int, double, decimal).</remarks>
    public static double? AsNumber(JsonNode? v)
    {
        if (v is not JsonValue x || x.GetValueKind() != JsonValueKind.Number)
        {
            return null;
        }
        if (x.TryGetValue<double>(out var d)) { return d; }
        if (x.TryGetValue<long>(out var l)) { return l; }
        if (x.TryGetValue<int>(out var i)) { return i; }
        if (x.TryGetValue<decimal>(out var m)) { return (double)m; }
        if (x.TryGetValue<float>(out var f)) { return f; }
        if (x.TryGetValue<JsonElement>(out var e)) { return e.GetDouble(); }
        return double.Parse(x.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The text a value becomes inside a string: strings as they are, null as empty, others as JSON.</summary>
    public static string Text(JsonNode? v) => v switch
    {
        null => string.Empty,
        JsonValue x when x.GetValueKind() == JsonValueKind.String => x.GetValue<string>(),
        JsonValue x when x.GetValueKind() == JsonValueKind.Number => FormatNumber(AsNumber(x)!.Value),
        _ => v.ToJsonString(),
    };

    /// <summary>Structural equality; numbers compare by value.</summary>
    public static bool Equal(JsonNode? a, JsonNode? b)
    {
        if (AsNumber(a) is { } x && AsNumber(b) is { } y)
        {
            return x == y;
        }
        return JsonNode.DeepEquals(a, b);
    }

    /// <summary>A deep copy, so evaluation never aliases nodes of the state.</summary>
    public static JsonNode? Clone(JsonNode? v) => v?.DeepClone();

    private static string FormatNumber(double d) =>
        d == Math.Floor(d) && Math.Abs(d) < 9e15 ? ((long)d).ToString(CultureInfo.InvariantCulture) : d.ToString("R", CultureInfo.InvariantCulture);
}
