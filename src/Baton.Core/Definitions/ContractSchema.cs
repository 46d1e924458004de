using System.Text.Json.Nodes;
using Baton.Core.Expressions;

namespace Baton.Core.Definitions;

/// <summary>Reads what a JSON Schema says for sure about a value: its types, and the schema of a field or an item.</summary>
/// <remarks>Only the plain keywords are read (<c>type</c>, <c>const</c>, <c>enum</c>, <c>properties</c>,
/// <c>additionalProperties</c>, <c>items</c>, <c>prefixItems</c>); a schema that combines or refers to others
/// (<c>$ref</c>, <c>allOf</c>, <c>anyOf</c>, <c>oneOf</c>, <c>not</c>, <c>if</c>) says nothing here, so nothing is claimed.</remarks>
internal static class ContractSchema
{
    private static readonly string[] Opaque = ["$ref", "$dynamicRef", "allOf", "anyOf", "oneOf", "not", "if"];

    /// <summary>Where a walk through a schema ends: the schema there (null: unknown), or why the path cannot exist.</summary>
    public readonly record struct Step(JsonNode? Schema, string? Problem);

    /// <summary>A schema that says only a type.</summary>
    public static JsonObject OfType(string type) => new() { ["type"] = type };

    /// <summary>Whether nothing can be read from the schema (absent, <c>true</c>, or combining others).</summary>
    public static bool IsOpaque(JsonNode? schema) => schema is not JsonObject o || Opaque.Any(o.ContainsKey);

    /// <summary>The JSON types a value of the schema may have; null when the schema does not say.</summary>
    public static IReadOnlySet<string>? Types(JsonNode? schema)
    {
        if (IsOpaque(schema))
        {
            return null;
        }
        var o = (JsonObject)schema!;
        if (o["type"] is JsonValue one && Values.IsString(one))
        {
            return new HashSet<string>([one.GetValue<string>()], StringComparer.Ordinal);
        }
        if (o["type"] is JsonArray many)
        {
            return many.Select(t => t is JsonValue v && Values.IsString(v) ? v.GetValue<string>() : "").ToHashSet(StringComparer.Ordinal);
        }
        if (o.ContainsKey("const"))
        {
            return new HashSet<string>([TypeOf(o["const"])], StringComparer.Ordinal);
        }
        return o["enum"] is JsonArray values ? values.Select(TypeOf).ToHashSet(StringComparer.Ordinal) : null;
    }

    /// <summary>The JSON Schema type name of a value.</summary>
    public static string TypeOf(JsonNode? value) => value switch
    {
        null => "null",
        JsonObject => "object",
        JsonArray => "array",
        JsonValue v when Values.IsString(v) => "string",
        JsonValue v when Values.AsNumber(v) is { } d => d == Math.Floor(d) && !double.IsInfinity(d) ? "integer" : "number",
        JsonValue v when v.GetValueKind() is System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False => "boolean",
        _ => "null",
    };

    /// <summary>Whether a value of one of <paramref name="given"/> can be one of <paramref name="wanted"/> (an integer is a number).</summary>
    public static bool Fits(IReadOnlySet<string> given, IReadOnlySet<string> wanted) =>
        given.Any(t => wanted.Contains(t) || t == "integer" && wanted.Contains("number") || t == "number" && wanted.Contains("integer"));

    /// <summary>Names a set of types for a message: "a number", "a string or null".</summary>
    public static string Describe(IReadOnlySet<string> types) =>
        string.Join(" or ", types.Order(StringComparer.Ordinal).Select(t => t switch
        {
            "object" or "array" or "integer" => "an " + t,
            "null" => "null",
            _ => "a " + t,
        }));

    /// <summary>The field <paramref name="name"/> of a value of the schema.</summary>
    /// <param name="schema">The schema of the value.</param>
    /// <param name="name">The field.</param>
    /// <param name="closed">Whether fields the schema does not list cannot exist (an output contract) unless it says
    /// <c>additionalProperties</c>; otherwise they are merely unknown (JSON Schema's own reading).</param>
    public static Step Field(JsonNode? schema, string name, bool closed)
    {
        if (IsOpaque(schema))
        {
            return default;
        }
        var o = (JsonObject)schema!;
        if (Types(o) is { } types && !types.Contains("object"))
        {
            return new(null, $"it is {Describe(types)}, which has no field '{name}'");
        }
        if (o["properties"] is JsonObject properties && properties.ContainsKey(name))
        {
            return new(properties[name], null);
        }
        if (o.ContainsKey("patternProperties"))
        {
            return default;
        }
        return o["additionalProperties"] switch
        {
            JsonValue v when v.TryGetValue<bool>(out var allowed) => allowed ? default : new(null, NoField(o, name)),
            JsonObject extra => new(extra, null),
            _ => closed && o["properties"] is JsonObject ? new(null, NoField(o, name)) : default,
        };
    }

    /// <summary>Item <paramref name="index"/> (null: any item) of a value of the schema.</summary>
    public static Step Item(JsonNode? schema, int? index)
    {
        if (IsOpaque(schema))
        {
            return default;
        }
        var o = (JsonObject)schema!;
        if (Types(o) is { } types && !types.Contains("array"))
        {
            return new(null, $"it is {Describe(types)}, which has no items");
        }
        if (index is { } i && o["prefixItems"] is JsonArray prefix && i >= 0 && i < prefix.Count)
        {
            return new(prefix[i], null);
        }
        return new(o["items"] as JsonObject, null);
    }

    /// <summary>The fields a schema lists, for a fix.</summary>
    public static IReadOnlyList<string> Properties(JsonNode? schema) =>
        schema is JsonObject { } o && o["properties"] is JsonObject p ? [.. p.Select(x => x.Key)] : [];

    private static string NoField(JsonObject schema, string name)
    {
        var known = Properties(schema);
        return known.Count == 0 ? $"it has no field '{name}'"
            : $"it has no field '{name}'" + (Suggest.Closest(name, known) is { } s ? $" (did you mean '{s}'?)" : "") + $"; its fields are: {string.Join(", ", known)}";
    }
}
