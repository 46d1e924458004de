using System.Text.Json.Nodes;

namespace Baton.Core.Definitions.Import;

/// <summary>Builds a native document from another format's, remembering for each native path the key and position it came from.</summary>
/// <remarks>Every diagnostic about the native document, and every problem the importer finds itself, then points at the
/// line, column and key of the file the user wrote.</remarks>
internal sealed class ImportBuilder(SourceDocument source, string format)
{
    private readonly Dictionary<string, SourceLocation> _locations = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _paths = new(StringComparer.Ordinal);

    /// <summary>The document being imported.</summary>
    public SourceDocument Source => source;

    /// <summary>Problems found while importing, located in the source.</summary>
    public List<Diagnostic> Problems { get; } = [];

    /// <summary>Says that the native node at <paramref name="native"/> came from the source node at <paramref name="from"/>.</summary>
    public void Map(string native, string from)
    {
        _locations[native] = source.LocationOf(from);
        _locations[native + "#key"] = source.KeyLocationOf(from);
        _paths[native] = from;
    }

    /// <summary>Maps a copied subtree node by node.</summary>
    public void MapTree(string native, string from, JsonNode? node)
    {
        Map(native, from);
        switch (node)
        {
            case JsonObject o:
                foreach (var (key, child) in o)
                {
                    MapTree(PathText.Key(native, key), PathText.Key(from, key), child);
                }
                break;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++)
                {
                    MapTree(PathText.Index(native, i), PathText.Index(from, i), a[i]);
                }
                break;
        }
    }

    /// <summary>What the importer left out or changed without refusing the file, located in it.</summary>
    public List<Diagnostic> Warnings { get; } = [];

    /// <summary>Records a warning at a source path: something left out that does not stop the file from converting.</summary>
    public void Warning(string code, string from, string message, string fix) =>
        Warnings.Add(new Diagnostic(code, source.KeyLocationOf(from), from, message, fix) { IsWarning = true });

    /// <summary>Records a problem at a source path.</summary>
    public void Error(string code, string from, string message, string fix) =>
        Problems.Add(new Diagnostic(code, source.LocationOf(from), from, message, fix));

    /// <summary>Records a problem about the key (not the value) at a source path.</summary>
    public void ErrorAtKey(string code, string from, string message, string fix) =>
        Problems.Add(new Diagnostic(code, source.KeyLocationOf(from), from, message, fix));

    /// <summary>Reports keys of a source object that the importer does not read.</summary>
    public void OnlyKeys(JsonObject obj, string from, string what, params string[] known)
    {
        foreach (var (key, _) in obj)
        {
            if (!known.Contains(key, StringComparer.Ordinal))
            {
                ErrorAtKey("BTN071", PathText.Key(from, key), $"'{key}' is not a {what} key Baton reads.",
                    "Remove it. " + Suggest.Hint(key, known));
            }
        }
    }

    /// <summary>A string at a key, or null; reports a wrong type, and a missing value when <paramref name="required"/>.</summary>
    public string? String(JsonObject obj, string from, string key, bool required = false, string? example = null)
    {
        var path = PathText.Key(from, key);
        switch (obj[key])
        {
            case null when required:
                Error("BTN072", from, $"'{key}' is missing.", $"Add it, e.g. {example ?? key + ": ..."}.");
                return null;
            case null:
                return null;
            case JsonValue v when v.TryGetValue<string>(out var s):
                return s;
            case JsonValue v when v.GetValueKind() is System.Text.Json.JsonValueKind.Number:
                return v.ToJsonString();
            default:
                Error("BTN073", path, $"'{key}' must be a string.", $"Write it as text, e.g. {example ?? key + ": ..."}.");
                return null;
        }
    }

    /// <summary>A list of strings at a key (a single string counts as a list of one); empty when absent.</summary>
    public List<(string Value, string Path)> Strings(JsonObject obj, string from, string key)
    {
        var path = PathText.Key(from, key);
        switch (obj[key])
        {
            case null:
                return [];
            case JsonValue v when v.TryGetValue<string>(out var one):
                return [(one, path)];
            case JsonArray a:
                var list = new List<(string, string)>();
                for (var i = 0; i < a.Count; i++)
                {
                    if (a[i] is JsonValue item && item.TryGetValue<string>(out var s))
                    {
                        list.Add((s, PathText.Index(path, i)));
                    }
                    else
                    {
                        Error("BTN073", PathText.Index(path, i), $"Each item of '{key}' must be a string.", "Write the item as text.");
                    }
                }
                return list;
            default:
                Error("BTN073", path, $"'{key}' must be a list of strings.", $"Write it as [a, b].");
                return [];
        }
    }

    /// <summary>The mappings of a source list that carry an id under <paramref name="idKey"/>, with their paths and ids;
    /// items that are not mappings, and mappings without the id, are reported.</summary>
    public IEnumerable<(JsonObject Item, string Path, string Id)> Entries(JsonArray list, string from, string what, string idKey, params string[] known)
    {
        for (var i = 0; i < list.Count; i++)
        {
            var path = PathText.Index(from, i);
            if (list[i] is not JsonObject item)
            {
                Error("BTN073", path, $"Each {what} must be a mapping.", $"Write {{ {idKey}: ..., ... }}.");
                continue;
            }
            OnlyKeys(item, path, what, known);
            if (String(item, path, idKey, required: true, example: $"{idKey}: my-{what.Split(' ')[^1]}") is { } id)
            {
                yield return (item, path, id);
            }
        }
    }

    /// <summary>The native document, positioned in the source file.</summary>
    public SourceDocument Build(JsonNode root) => new(source.File, root, _locations, _paths) { ImportedFrom = format };
}
