using System.Globalization;
using System.Text.Json.Nodes;

namespace Baton.Core;

/// <summary>The small object that stands in the engine's state for a large value kept outside it (a claim check).</summary>
/// <remarks>Shape: <c>{"$baton.ref": "&lt;location&gt;", "sha256": "&lt;hex&gt;", "bytes": n, "kind": "string|list|object|...", "count": n}</c>
/// (<c>count</c> for lists only).
/// The location is opaque to the engine (the backend's data store names it); <c>sha256</c> is the hash of the value's
/// JSON text, checked when the value is read back. A reference can be passed whole (to a task's input, into the
/// workflow's output), where the backend puts the value back before anyone sees it; an expression that looks inside
/// one (member access, an operator, a function, text interpolation) fails with <see cref="CannotOpen"/>, because the
/// engine never does I/O. Truthiness is unaffected: a value large enough to be kept outside is never empty.</remarks>
public static class ValueReference
{
    /// <summary>The key that marks an object as a reference.</summary>
    public const string Marker = "$baton.ref";

    /// <summary>Builds the reference object for a value stored at <paramref name="location"/>; a list's reference also
    /// says how many items it holds (<paramref name="count"/>), so limits on lists can be checked without reading it.</summary>
    public static JsonObject Create(string location, string sha256, long bytes, string kind, int? count = null)
    {
        var reference = new JsonObject
        {
            [Marker] = location,
            ["sha256"] = sha256,
            ["bytes"] = bytes,
            ["kind"] = kind,
        };
        if (count is { } n)
        {
            reference["count"] = n;
        }
        return reference;
    }

    /// <summary>How many items a referenced list holds, when its reference says; null for anything else.</summary>
    public static int? Count(JsonNode? node) =>
        IsReference(node) && node!["count"] is JsonValue c && c.TryGetValue<int>(out var n) ? n : null;

    /// <summary>True when <paramref name="node"/> is a reference object.</summary>
    public static bool IsReference(JsonNode? node) =>
        node is JsonObject o && o.TryGetPropertyValue(Marker, out var location) && location is JsonValue v && v.TryGetValue<string>(out _);

    /// <summary>True when <paramref name="node"/> is a reference or holds one anywhere inside.</summary>
    public static bool AnyIn(JsonNode? node) => node switch
    {
        _ when IsReference(node) => true,
        JsonObject o => o.Any(p => AnyIn(p.Value)),
        JsonArray a => a.Any(AnyIn),
        _ => false,
    };

    /// <summary>Reads a reference's location and hash; false when <paramref name="node"/> is not a well-formed reference.</summary>
    public static bool TryRead(JsonNode? node, out string location, out string sha256)
    {
        location = sha256 = "";
        if (!IsReference(node) || node!["sha256"] is not JsonValue h || !h.TryGetValue<string>(out var hash))
        {
            return false;
        }
        location = node[Marker]!.GetValue<string>();
        sha256 = hash;
        return true;
    }

    /// <summary>Why an expression cannot look inside a reference, and what to do instead.</summary>
    public static string CannotOpen(JsonNode? node)
    {
        var kind = node?["kind"] is JsonValue k && k.TryGetValue<string>(out var s) ? s : "value";
        var bytes = node?["bytes"] is JsonValue b && b.TryGetValue<long>(out var n) ? n : 0;
        return $"This {kind} ({Size(bytes)}) is kept in the data store because it is over the claim-check threshold; " +
            "an expression can pass it whole to a task's input or the workflow's output, but cannot look inside it " +
            "(return the fields you branch on beside the large value, or raise the threshold)";
    }

    /// <summary>Throws <see cref="Expressions.ExpressionException"/> when <paramref name="node"/> is a reference, else returns it.</summary>
    internal static JsonNode? Open(JsonNode? node, string source, int position) =>
        IsReference(node) ? throw new Expressions.ExpressionException(CannotOpen(node), source, position) : node;

    private static string Size(long bytes) => bytes switch
    {
        >= 1 << 20 => (bytes / 1048576.0).ToString("0.0", CultureInfo.InvariantCulture) + " MB",
        >= 1 << 10 => (bytes / 1024.0).ToString("0.0", CultureInfo.InvariantCulture) + " KB",
        _ => bytes.ToString(CultureInfo.InvariantCulture) + " bytes",
    };
}
