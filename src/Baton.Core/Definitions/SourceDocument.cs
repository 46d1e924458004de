using System.Text.Json.Nodes;

namespace Baton.Core.Definitions;

/// <summary>A parsed definition file: its JSON tree and where each node stood in the text.</summary>
/// <remarks>Paths are dotted keys with [index] for array items, e.g. <c>spec.steps[2].depends_on</c>.</remarks>
public sealed class SourceDocument
{
    private readonly Dictionary<string, SourceLocation> _locations;

    internal SourceDocument(string file, JsonNode? root, Dictionary<string, SourceLocation> locations)
    {
        File = file;
        Root = root;
        _locations = locations;
    }

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

    /// <summary>Finds where the key (not the value) at a path stood, for errors about the key itself.</summary>
    public SourceLocation KeyLocationOf(string path) =>
        _locations.TryGetValue(path + "#key", out var loc) ? loc : LocationOf(path);
}
