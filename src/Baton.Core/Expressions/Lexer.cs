using System.Globalization;
using System.Text;

namespace Baton.Core.Expressions;

/// <summary>Splits expression text into tokens.</summary>
/// <remarks>A name right after '.' may contain hyphens between letters or digits, so
/// <c>steps.process-chunk-1.output</c> reads as one member name; write spaces around '-' to subtract.</remarks>
internal static class Lexer
{
    private static readonly string[] Operators = ["==", "!=", "<=", ">=", "&&", "||", "<", ">", "+", "-", "*", "/", "%", "!", "?", ":", ".", ",", "(", ")", "[", "]"];

    public static List<Token> Lex(string text)
    {
        var tokens = new List<Token>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
                continue;
            }
            var start = i;
            if (char.IsAsciiDigit(c))
            {
                while (i < text.Length && (char.IsAsciiDigit(text[i]) || text[i] == '.' && i + 1 < text.Length && char.IsAsciiDigit(text[i + 1])))
                {
                    i++;
                }
                if (i < text.Length && text[i] is 'e' or 'E')
                {
                    i++;
                    if (i < text.Length && text[i] is '+' or '-') { i++; }
                    while (i < text.Length && char.IsAsciiDigit(text[i])) { i++; }
                }
                var s = text[start..i];
                if (!double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var n))
                {
                    throw new ExpressionException($"'{s}' is not a number", text, start);
                }
                tokens.Add(new Token(TokenKind.Number, s, start, n));
                continue;
            }
            if (c is '\'' or '"')
            {
                tokens.Add(new Token(TokenKind.String, ReadString(text, ref i), start));
                continue;
            }
            if (char.IsAsciiLetter(c) || c == '_')
            {
                var afterDot = tokens.Count > 0 && tokens[^1] is { Kind: TokenKind.Punct, Text: "." };
                while (i < text.Length && (char.IsAsciiLetterOrDigit(text[i]) || text[i] == '_' ||
                       afterDot && text[i] == '-' && i + 1 < text.Length && (char.IsAsciiLetterOrDigit(text[i + 1]) || text[i + 1] == '_')))
                {
                    i++;
                }
                tokens.Add(new Token(TokenKind.Identifier, text[start..i], start));
                continue;
            }
            var op = Operators.FirstOrDefault(o => string.CompareOrdinal(text, i, o, 0, o.Length) == 0);
            if (op is null)
            {
                throw new ExpressionException($"Unexpected character '{c}'", text, i);
            }
            tokens.Add(new Token(TokenKind.Punct, op, start));
            i += op.Length;
        }
        tokens.Add(new Token(TokenKind.End, "", text.Length));
        return tokens;
    }

    private static string ReadString(string text, ref int i)
    {
        var quote = text[i];
        var start = i++;
        var sb = new StringBuilder();
        while (i < text.Length && text[i] != quote)
        {
            if (text[i] == '\\' && i + 1 < text.Length)
            {
                i++;
                sb.Append(text[i] switch { 'n' => '\n', 't' => '\t', 'r' => '\r', _ => text[i] });
            }
            else
            {
                sb.Append(text[i]);
            }
            i++;
        }
        if (i >= text.Length)
        {
            throw new ExpressionException("Unterminated string", text, start);
        }
        i++;
        return sb.ToString();
    }
}
