using System.Text.Json;
using System.Text.Json.Nodes;

namespace Baton.Core;

/// <summary>The limits every JSON value and definition document is held to, so hostile input is refused with a reason instead of exhausting the stack or memory.</summary>
/// <remarks>Depth counts nested objects and arrays, as System.Text.Json does: a scalar is depth 0, <c>[1]</c> depth 1.
/// A value (workflow input, event data, task output, an evaluated step input or output) nests at most
/// <see cref="MaxDepth"/> levels; a definition or catalog document at most <see cref="MaxDocumentDepth"/>, which
/// leaves room for its own structure and JSON Schemas around values. Every internal record wraps a value in only a
/// few levels, so whatever passes these checks can be stored and sent on both backends.</remarks>
public static class ValueLimits
{
    /// <summary>How deep a JSON value may nest.</summary>
    public const int MaxDepth = 32;

    /// <summary>How deep a definition or catalog document may nest.</summary>
    public const int MaxDocumentDepth = 64;

    /// <summary>How many YAML aliases (<c>*name</c>) one document may use.</summary>
    public const int MaxAliases = 10_000;

    /// <summary>How much content aliases may add to a document, counted as nodes plus scalar characters after expansion.</summary>
    public const int MaxAliasExpansion = 200_000;

    /// <summary>Reader options that refuse values nested deeper than <see cref="MaxDepth"/>.</summary>
    public static JsonDocumentOptions ReadOptions { get; } = new() { MaxDepth = MaxDepth };

    /// <summary>Parses a JSON value within the depth limit.</summary>
    /// <exception cref="JsonException">Invalid JSON, or nesting past the limit; the message names the limit and the position.</exception>
    public static JsonNode? Parse(string text) => JsonNode.Parse(text, documentOptions: ReadOptions);

    /// <summary>How deeply a value nests, counted without recursion so no input can exhaust the stack.</summary>
    public static int DepthOf(JsonNode? node)
    {
        if (node is not (JsonObject or JsonArray))
        {
            return 0;
        }
        var deepest = 0;
        var pending = new Stack<(JsonNode Node, int Depth)>();
        pending.Push((node, 1));
        while (pending.TryPop(out var item))
        {
            deepest = Math.Max(deepest, item.Depth);
            IEnumerable<JsonNode?> children = item.Node is JsonObject o ? o.Select(p => p.Value) : (JsonArray)item.Node;
            foreach (var child in children)
            {
                if (child is JsonObject or JsonArray)
                {
                    pending.Push((child, item.Depth + 1));
                }
            }
        }
        return deepest;
    }

    /// <summary>Why a value may not be kept, or null when it is within <see cref="MaxDepth"/>.</summary>
    public static string? DepthProblem(JsonNode? value) =>
        DepthOf(value) is var depth && depth > MaxDepth
            ? $"the value nests {depth} levels deep; at most {MaxDepth} are allowed"
            : null;
}
