using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Baton.Core.Definitions;

public static partial class SourceReader
{
    /// <summary>The parser the document is built from, checking every event as it passes: a document that nests
    /// deeper than <see cref="ValueLimits.MaxDocumentDepth"/> or whose aliases would expand past the limits is refused
    /// with a <see cref="LimitException"/> at the event that crosses the line.</summary>
    /// <remarks>The check rides on the one parse the document is built from, so building never recurses past the limit
    /// and converting (which copies an alias at every use) never meets a "billion laughs". Sizes are counted as nodes
    /// plus scalar characters and saturate at the limit, so counting cannot overflow.</remarks>
    private sealed class LimitedParser(string text, string file) : IParser
    {
        private readonly Parser _inner = new(new StringReader(text));
        private readonly Stack<(string? Anchor, long Size)> _open = new();
        private readonly Dictionary<string, long> _anchors = new(StringComparer.Ordinal);
        private long _expansion;
        private int _aliases;

        public ParsingEvent? Current => _inner.Current;

        public bool MoveNext()
        {
            if (!_inner.MoveNext())
            {
                return false;
            }
            Check(_inner.Current!);
            return true;
        }

        private void Check(ParsingEvent e)
        {
            long size;
            string? anchor = null;
            switch (e)
            {
                case MappingStart m:
                    Open(m.Anchor, e);
                    return;
                case SequenceStart s:
                    Open(s.Anchor, e);
                    return;
                case MappingEnd or SequenceEnd:
                    (anchor, size) = _open.Pop();
                    size += 1;
                    break;
                case Scalar s:
                    anchor = s.Anchor.IsEmpty ? null : s.Anchor.Value;
                    size = 1 + s.Value.Length;
                    break;
                case AnchorAlias a:
                    size = _anchors.GetValueOrDefault(a.Value.Value, 1);
                    _aliases++;
                    _expansion = Math.Min(_expansion + size, long.MaxValue / 4);
                    if (_aliases > ValueLimits.MaxAliases || _expansion > ValueLimits.MaxAliasExpansion)
                    {
                        throw new LimitException(new Diagnostic("BTN006", Location(e), "",
                            $"The document's aliases expand too far: more than {ValueLimits.MaxAliases} aliases or more than " +
                            $"{ValueLimits.MaxAliasExpansion} nodes and characters added by them (an alias is copied at every use).",
                            "Write the repeated content out, or reference it less often; nested aliases multiply."));
                    }
                    break;
                default:
                    return;
            }
            size = Math.Min(size, ValueLimits.MaxAliasExpansion + 1L);
            if (anchor is not null)
            {
                _anchors[anchor] = size;
            }
            if (_open.TryPop(out var parent))
            {
                _open.Push((parent.Anchor, Math.Min(parent.Size + size, ValueLimits.MaxAliasExpansion + 1L)));
            }
        }

        private void Open(AnchorName anchor, ParsingEvent e)
        {
            _open.Push((anchor.IsEmpty ? null : anchor.Value, 0));
            if (_open.Count > ValueLimits.MaxDocumentDepth)
            {
                throw new LimitException(new Diagnostic("BTN005", Location(e), "",
                    $"The document nests deeper than {ValueLimits.MaxDocumentDepth} levels of mappings and lists.",
                    $"Flatten the structure; a value (such as a step's input) may nest at most {ValueLimits.MaxDepth} levels."));
            }
        }

        private SourceLocation Location(ParsingEvent e) => new(file, (int)e.Start.Line, (int)e.Start.Column);
    }

    /// <summary>A document broke a limit while it was read; carries the diagnostic that says which.</summary>
    private sealed class LimitException(Diagnostic diagnostic) : Exception(diagnostic.Message)
    {
        public Diagnostic Diagnostic { get; } = diagnostic;
    }
}
