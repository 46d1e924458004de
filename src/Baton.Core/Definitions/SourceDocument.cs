using System.Text.Json.Nodes;

namespace Baton.Core.Definitions;

/// <summary>A parsed definition file: its JSON tree and where each node stood in the text.</summary>
/// <remarks>Paths are dotted keys with [index] for array items, e.g. <c>spec.steps[2].depends_on</c>. A document an
/// importer built from another format (<see cref="Import.Importers"/>) maps its native paths back to the keys and
/// positions of the file the user wrote, so every diagnostic points there.</remarks>
public sealed class SourceDocument
{
    private readonly Dictionary<string, SourceLocation> _locations;
    private readonly Dictionary<string, string>? _sourcePaths;

    internal SourceDocument(string file, JsonNode? root, Dictionary<string, SourceLocation> locations, Dictionary<string, string>? sourcePaths = null)
    {
        File = file;
        Root = root;
        _locations = locations;
        _sourcePaths = sourcePaths;
    }

    /// <summary>The format the user wrote when an importer built this document, e.g. <c>seed-004 model-compose</c>; null for native files.</summary>
    public string? ImportedFrom { get; init; }

    /// <summary>The file name used in diagnostics.</summary>
    public string File { get; }

    /// <summary>The document's content as JSON.</summary>
    public JsonNode? Root { get; }

    /// <summary>Finds where a path stood, falling back to its nearest parent that has a position.</summary>
    public SourceLocation LocationOf(string path)
    {
        var p = path;
        while (true)
        {
            if (_locations.TryGetValue(p, out var loc))
            {
                return loc;
            }
            if (p.Length == 0)
            {
                return new SourceLocation(File, 1, 1);
            }
            p = PathText.Parent(p);
        }
    }

    /// <summary>The key path in the file the user wrote for a native path (itself for native files).</summary>
    public string SourcePathOf(string path)
    {
        if (_sourcePaths is null)
        {
            return path;
        }
        var p = path;
        while (true)
        {
            if (_sourcePaths.TryGetValue(p, out var source))
            {
                return source + path[p.Length..];
            }
            if (p.Length == 0)
            {
                return path;
            }
            p = PathText.Parent(p);
        }
    }

    /// <summary>Finds where the key (not the value) at a path stood, for errors about the key itself.</summary>
    public SourceLocation KeyLocationOf(string path) =>
        _locations.TryGetValue(path + "#key", out var loc) ? loc : LocationOf(path);
}
