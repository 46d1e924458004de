using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Baton.Core.Definitions;

public static partial class SourceReader
{
    /// <summary>Walks the parser's event stream (no recursion, nothing built) and refuses a document that nests
    /// deeper than <see cref="ValueLimits.MaxDocumentDepth"/> or whose aliases would expand past the limits.</summary>
    /// <remarks>Runs before the document is built, because building and converting are recursive and an alias is
    /// copied at every use: a 20,000-level nesting or a "billion laughs" must be refused before either happens.
    /// Sizes are counted as nodes plus scalar characters and saturate at the limit, so counting cannot overflow.</remarks>
    private static Diagnostic? CheckLimits(string text, string file)
    {
        var parser = new Parser(new StringReader(text));
        var open = new Stack<(string? Anchor, long Size)>();
        var anchors = new Dictionary<string, long>(StringComparer.Ordinal);
        long expansion = 0;
        var aliases = 0;
        while (parser.MoveNext())
        {
            var e = parser.Current!;
            long size;
            string? anchor = null;
            switch (e)
            {
                case MappingStart m:
                    open.Push((m.Anchor.IsEmpty ? null : m.Anchor.Value, 0));
                    if (open.Count > ValueLimits.MaxDocumentDepth)
                    {
                        return TooDeep(file, e);
                    }
                    continue;
                case SequenceStart s:
                    open.Push((s.Anchor.IsEmpty ? null : s.Anchor.Value, 0));
                    if (open.Count > ValueLimits.MaxDocumentDepth)
                    {
                        return TooDeep(file, e);
                    }
                    continue;
                case MappingEnd or SequenceEnd:
                    (anchor, size) = open.Pop();
                    size += 1;
                    break;
                case Scalar s:
                    anchor = s.Anchor.IsEmpty ? null : s.Anchor.Value;
                    size = 1 + s.Value.Length;
                    break;
                case AnchorAlias a:
                    size = anchors.GetValueOrDefault(a.Value.Value, 1);
                    aliases++;
                    expansion = Math.Min(expansion + size, long.MaxValue / 4);
                    if (aliases > ValueLimits.MaxAliases || expansion > ValueLimits.MaxAliasExpansion)
                    {
                        return new Diagnostic("BTN006", Location(file, e), "",
                            $"The document's aliases expand too far: more than {ValueLimits.MaxAliases} aliases or more than " +
                            $"{ValueLimits.MaxAliasExpansion} nodes and characters added by them (an alias is copied at every use).",
                            "Write the repeated content out, or reference it less often; nested aliases multiply.");
                    }
                    break;
                default:
                    continue;
            }
            size = Math.Min(size, ValueLimits.MaxAliasExpansion + 1L);
            if (anchor is not null)
            {
                anchors[anchor] = size;
            }
            if (open.TryPop(out var parent))
            {
                open.Push((parent.Anchor, Math.Min(parent.Size + size, ValueLimits.MaxAliasExpansion + 1L)));
            }
        }
        return null;
    }

    private static Diagnostic TooDeep(string file, ParsingEvent e) =>
        new("BTN005", Location(file, e), "",
            $"The document nests deeper than {ValueLimits.MaxDocumentDepth} levels of mappings and lists.",
            $"Flatten the structure; a value (such as a step's input) may nest at most {ValueLimits.MaxDepth} levels.");

    private static SourceLocation Location(string file, ParsingEvent e) => new(file, (int)e.Start.Line, (int)e.Start.Column);
}
