using System.Text;
using System.Text.Json.Nodes;

namespace Baton.Core.Expressions;

/// <summary>A string from a definition with its <c>${...}</c> parts parsed once, ready to evaluate many times.</summary>
/// <remarks>A string that is exactly one <c>${expr}</c> keeps the expression's JSON type; any other string
/// interpolates text. <c>$${</c> writes a literal <c>${</c>.</remarks>
public sealed class Template
{
    private readonly List<object> _parts;

    private Template(string source, List<object> parts)
    {
        Source = source;
        _parts = parts;
    }

    /// <summary>The original string.</summary>
    public string Source { get; }

    /// <summary>The parsed expressions, with their text, in order.</summary>
    public IEnumerable<(string Text, Expr Expr)> Expressions => _parts.OfType<(string, Expr)>();

    /// <summary>The expression when the string is exactly one <c>${expr}</c> (whose value keeps its JSON type); else null.</summary>
    public Expr? Whole => _parts is [ValueTuple<string, Expr> only] ? only.Item2 : null;

    /// <summary>True when the string held any expression.</summary>
    public bool HasExpressions => _parts.Any(p => p is (string, Expr));

    /// <summary>Parses a string; throws <see cref="ExpressionException"/> for a bad or unclosed expression.</summary>
    public static Template Parse(string text)
    {
        var parts = new List<object>();
        var literal = new StringBuilder();
        var i = 0;
        while (i < text.Length)
        {
            if (text[i] == '$' && i + 2 < text.Length && text[i + 1] == '$' && text[i + 2] == '{')
            {
                literal.Append("${");
                i += 3;
                continue;
            }
            if (text[i] == '$' && i + 1 < text.Length && text[i + 1] == '{')
            {
                var end = FindClose(text, i + 2);
                var exprText = text[(i + 2)..end].Trim();
                if (literal.Length > 0)
                {
                    parts.Add(literal.ToString());
                    literal.Clear();
                }
                parts.Add((exprText, Parser.Parse(exprText)));
                i = end + 1;
                continue;
            }
            literal.Append(text[i++]);
        }
        if (literal.Length > 0)
        {
            parts.Add(literal.ToString());
        }
        return new Template(text, parts);
    }

    /// <summary>Evaluates the template; a single whole expression keeps its type.</summary>
    public JsonNode? Evaluate(EvaluationContext ctx) => Evaluate(ctx, null);

    /// <summary>Evaluates the template as a URL, each value confined to the part of the URL it is placed in.</summary>
    /// <remarks>Expressions that begin the text, before any literal, supply the URL's base (scheme, host, a leading path)
    /// and are taken as written, as is a template that is one whole expression. A value placed after literal text in the
    /// query is percent-encoded as one component (it adds no parameter); one placed in the path may hold <c>/</c> but
    /// <c>?</c>, <c>#</c>, <c>@</c> and <c>\</c> are encoded, so it reaches no query, fragment or other host, and a
    /// <c>.</c> or <c>..</c> segment is refused (<see cref="ExpressionException"/>), so it reaches no parent path. The
    /// address guard checks the result either way.</remarks>
    public string EvaluateUrl(EvaluationContext ctx) => Values.Text(Evaluate(ctx, UrlValue));

    private string UrlValue(string before, string value)
    {
        if (before.Contains('?', StringComparison.Ordinal) || before.Contains('#', StringComparison.Ordinal))
        {
            return Uri.EscapeDataString(value);
        }
        // System.Uri decodes %2E and removes dot segments, so a '..' cannot be encoded away: it is refused.
        if (value.Split('/', '\\').Any(segment => Uri.UnescapeDataString(segment) is "." or ".."))
        {
            throw new ExpressionException($"A value placed in the URL's path holds a '.' or '..' segment ('{value}'), which would leave the path the URL names", Source, 0);
        }
        return value.Replace("?", "%3F", StringComparison.Ordinal).Replace("#", "%23", StringComparison.Ordinal)
            .Replace("@", "%40", StringComparison.Ordinal).Replace("\\", "%5C", StringComparison.Ordinal);
    }

    private JsonNode? Evaluate(EvaluationContext ctx, Func<string, string, string>? encodeAfterLiteral)
    {
        if (_parts.Count == 1 && _parts[0] is (string wholeText, Expr whole))
        {
            return Evaluator.Evaluate(whole, wholeText, ctx);
        }
        var sb = new StringBuilder();
        var afterLiteral = false;
        foreach (var part in _parts)
        {
            if (part is (string t, Expr e))
            {
                var text = Values.Text(ValueReference.Open(Evaluator.Evaluate(e, t, ctx), t, 0));
                sb.Append(afterLiteral && encodeAfterLiteral is not null ? encodeAfterLiteral(sb.ToString(), text) : text);
            }
            else
            {
                sb.Append((string)part);
                afterLiteral = true;
            }
            if (sb.Length > Evaluator.MaxStringLength)
            {
                throw new ExpressionException($"String result is longer than {Evaluator.MaxStringLength} characters", Source, 0);
            }
        }
        return JsonValue.Create(sb.ToString());
    }

    private static int FindClose(string text, int from) =>
        IndexOfClose(text, from) is >= 0 and var close ? close : throw new ExpressionException("'${' is never closed with '}'", text, from - 2);

    /// <summary>Where the <c>}</c> closing a <c>${</c> whose body starts at <paramref name="from"/> stands, skipping quoted
    /// literals and nested braces; -1 when it is never closed.</summary>
    internal static int IndexOfClose(string text, int from)
    {
        var depth = 0;
        char? quote = null;
        for (var j = from; j < text.Length; j++)
        {
            var c = text[j];
            if (quote is { } q)
            {
                if (c == '\\') { j++; }
                else if (c == q) { quote = null; }
                continue;
            }
            switch (c)
            {
                case '\'' or '"': quote = c; break;
                case '{': depth++; break;
                case '}' when depth == 0: return j;
                case '}': depth--; break;
            }
        }
        return -1;
    }
}
