using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Baton.Core.Definitions;

/// <summary>Reads one mapping of a definition, collecting a diagnostic for every unknown key, missing field and wrong type.</summary>
/// <remarks>Getters return null (and record a diagnostic) rather than throw, so one pass finds every problem.</remarks>
public sealed class ObjectReader
{
    private readonly DiagnosticSink _sink;

    /// <summary>Wraps a mapping and reports any key not in <paramref name="knownKeys"/>.</summary>
    public ObjectReader(DiagnosticSink sink, JsonObject node, string path, params string[] knownKeys)
    {
        _sink = sink;
        Node = node;
        Path = path;
        foreach (var (key, _) in node)
        {
            if (!knownKeys.Contains(key, StringComparer.Ordinal))
            {
                _sink.AddAtKey("BTN010", PathText.Key(path, key), $"Unknown key '{key}'.",
                    Suggest.Hint(key, knownKeys));
            }
        }
    }

    /// <summary>The mapping being read.</summary>
    public JsonObject Node { get; }

    /// <summary>The key path of the mapping.</summary>
    public string Path { get; }

    /// <summary>True when the key is present and not null.</summary>
    public bool Has(string key) => Node.ContainsKey(key) && Node[key] is not null;

    /// <summary>The key path of a child key.</summary>
    public string At(string key) => PathText.Key(Path, key);

    /// <summary>Reads text; numbers and booleans are accepted as their text.</summary>
    public string? String(string key, bool required = false, string? example = null)
    {
        var node = Node[key];
        if (node is null)
        {
            if (required)
            {
                Missing(key, example ?? $"{key}: <text>");
            }
            return null;
        }
        if (node is JsonValue v && v.GetValueKind() == JsonValueKind.String)
        {
            return v.GetValue<string>();
        }
        if (node is JsonValue scalar && scalar.GetValueKind() is JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False)
        {
            return scalar.ToJsonString();
        }
        WrongType(key, "a string", node);
        return null;
    }

    /// <summary>Reads a whole number within a range.</summary>
    public int? Int(string key, int min, int max) =>
        Ranged(key, min, max, "a whole number", System.Globalization.NumberStyles.AllowLeadingSign) is { } n ? (int)n : null;

    /// <summary>Checks a Baton document's <c>apiVersion</c> (<see cref="DefinitionLoader.ApiVersion"/>) and <c>kind</c>, both required.</summary>
    /// <param name="kind">The kind this reader expects, e.g. Workflow, Catalog or WorkflowTest.</param>
    /// <param name="what">How the refusal names a document of another kind, e.g. "a catalog".</param>
    /// <returns>The apiVersion as written, or null when it is missing.</returns>
    public string? Header(string kind, string what)
    {
        var api = String("apiVersion", required: true, example: $"apiVersion: {DefinitionLoader.ApiVersion}");
        if (api is not null && api != DefinitionLoader.ApiVersion)
        {
            _sink.Add("BTN016", "apiVersion", $"apiVersion '{api}' is not supported.",
                $"Use 'apiVersion: {DefinitionLoader.ApiVersion}': Baton reads its own languages (see docs/workflow-language.md).");
        }
        if (String("kind", required: true, example: $"kind: {kind}") is { } actual && actual != kind)
        {
            _sink.Add("BTN016", "kind", $"kind '{actual}' is not {what}.", $"Use 'kind: {kind}'.");
        }
        return api;
    }

    /// <summary>Reads a number (fractions allowed) within a range.</summary>
    public double? Number(string key, double min, double max) =>
        Ranged(key, min, max, "a number", System.Globalization.NumberStyles.Float);

    /// <summary>Reads a number within a range, parsed from the node's JSON text so a value built in code (an int) reads
    /// as one parsed from a file; a number out of range or of the wrong form is reported.</summary>
    private double? Ranged(string key, double min, double max, string what, System.Globalization.NumberStyles styles)
    {
        var node = Node[key];
        if (node is null)
        {
            return null;
        }
        var c = System.Globalization.CultureInfo.InvariantCulture;
        if (node is JsonValue v && v.GetValueKind() == JsonValueKind.Number && double.TryParse(v.ToJsonString(), styles, c, out var d))
        {
            if (d < min || d > max)
            {
                _sink.Add("BTN013", At(key), $"'{key}' is {d.ToString(c)}, outside {min.ToString(c)}..{max.ToString(c)}.", $"Use {what} from {min.ToString(c)} to {max.ToString(c)}.");
                return null;
            }
            return d;
        }
        WrongType(key, what, node);
        return null;
    }

    /// <summary>Reads a duration such as 5s or 1h30m.</summary>
    public TimeSpan? Duration(string key)
    {
        var text = String(key);
        if (text is null)
        {
            return null;
        }
        if (Definitions.Duration.TryParse(text, out var value))
        {
            return value;
        }
        if (Definitions.Duration.IsOverMaximum(text))
        {
            _sink.Add("BTN091", At(key), $"'{text}' is longer than the longest duration, {Definitions.Duration.MaximumText}.",
                $"Use at most {Definitions.Duration.MaximumText} (about ten years); for a later moment, wait 'until' a time.");
            return null;
        }
        _sink.Add("BTN014", At(key), $"'{Names.Printable(text)}' is not a duration.", "Write a number with a unit: 500ms, 5s, 30m, 24h, 7d, or 1h30m.");
        return null;
    }

    /// <summary>Reads one of an enum's names, case-insensitively; absent gives the fallback.</summary>
    public T? Enum<T>(string key, T fallback) where T : struct, System.Enum
    {
        var text = String(key);
        if (text is null)
        {
            return fallback;
        }
        var names = System.Enum.GetNames<T>().Select(SnakeCase).ToArray();
        var index = Array.IndexOf(names, text.ToLowerInvariant());
        if (index >= 0)
        {
            return System.Enum.GetValues<T>()[index];
        }
        _sink.Add("BTN015", At(key), $"'{text}' is not a valid {key}.",
            Suggest.UseOneOf(text, names));
        return null;
    }

    /// <summary>The name a definition file uses for an enum member: <c>ForEach</c> is written <c>for_each</c>.</summary>
    public static string SnakeCase(string name) =>
        string.Concat(name.Select((c, i) => char.IsUpper(c) ? (i > 0 ? "_" : "") + char.ToLowerInvariant(c) : c.ToString()));

    /// <summary>Reads a list of strings; a single string counts as a list of one.</summary>
    public ImmutableArray<string> StringList(string key)
    {
        var node = Node[key];
        if (node is null)
        {
            return [];
        }
        if (node is JsonValue v && v.GetValueKind() == JsonValueKind.String)
        {
            return [v.GetValue<string>()];
        }
        if (node is not JsonArray arr)
        {
            WrongType(key, "a list of strings", node);
            return [];
        }
        var list = ImmutableArray.CreateBuilder<string>();
        for (var i = 0; i < arr.Count; i++)
        {
            if (arr[i] is JsonValue item && item.GetValueKind() == JsonValueKind.String)
            {
                list.Add(item.GetValue<string>());
            }
            else
            {
                _sink.Add("BTN012", PathText.Index(At(key), i), $"Item {i} of '{key}' is not a string.", "Write each item as text.");
            }
        }
        return list.ToImmutable();
    }

    /// <summary>Reads a nested mapping with its own known keys.</summary>
    public ObjectReader? Object(string key, bool required, params string[] knownKeys)
    {
        var node = Node[key];
        if (node is null)
        {
            if (required)
            {
                Missing(key, $"{key}: {{ ... }}");
            }
            return null;
        }
        if (node is JsonObject obj)
        {
            return new ObjectReader(_sink, obj, At(key), knownKeys);
        }
        WrongType(key, "a mapping", node);
        return null;
    }

    /// <summary>Reads a free-form mapping (names chosen by the user, such as headers); only its type is checked.</summary>
    public JsonObject? Map(string key)
    {
        var node = Node[key];
        if (node is null or JsonObject)
        {
            return node as JsonObject;
        }
        WrongType(key, "a mapping", node);
        return null;
    }

    /// <summary>Reports a missing required key with an example of it.</summary>
    public void Missing(string key, string example) =>
        _sink.Add("BTN011", Path, $"The required key '{key}' is missing.", $"Add '{example}' here.");

    /// <summary>Reports a value of the wrong type.</summary>
    public void WrongType(string key, string expected, JsonNode? actual) =>
        _sink.Add("BTN012", At(key), $"'{key}' must be {expected}, not {JsonKind(actual)}.", $"Write '{key}' as {expected}.");

    /// <summary>Describes the kind of a JSON value for messages.</summary>
    public static string JsonKind(JsonNode? node) => node switch
    {
        null => "null",
        JsonObject => "a mapping",
        JsonArray => "a list",
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.String => "a string",
            JsonValueKind.Number => "a number",
            JsonValueKind.True or JsonValueKind.False => "a boolean",
            _ => "a value",
        },
        _ => "a value",
    };
}
