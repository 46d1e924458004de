using System.Text.Json.Nodes;

namespace Baton.Core.Expressions;

/// <summary>Parses expression text into an <see cref="Expr"/> tree by precedence climbing.</summary>
/// <remarks>Bounded: at most <see cref="MaxLength"/> characters and <see cref="MaxDepth"/> levels of nesting.</remarks>
public sealed class Parser
{
    /// <summary>The longest expression accepted.</summary>
    public const int MaxLength = 4096;

    /// <summary>The deepest nesting accepted.</summary>
    public const int MaxDepth = 64;

    private static readonly string[][] Levels =
    [
        ["||"], ["&&"], ["==", "!="], ["<", "<=", ">", ">="], ["+", "-"], ["*", "/", "%"],
    ];

    private readonly string _text;
    private readonly List<Token> _tokens;
    private int _pos;
    private int _depth;

    private Parser(string text)
    {
        _text = text;
        _tokens = Lexer.Lex(text);
    }

    /// <summary>Parses one whole expression; throws <see cref="ExpressionException"/> on any error.</summary>
    public static Expr Parse(string text)
    {
        if (text.Length > MaxLength)
        {
            throw new ExpressionException($"Expression is longer than {MaxLength} characters", text[..40] + "...", 0);
        }
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new ExpressionException("Empty expression", text, 0);
        }
        var p = new Parser(text);
        var e = p.Conditional();
        if (p.Peek.Kind != TokenKind.End)
        {
            throw p.Error($"Unexpected '{p.Peek.Text}'");
        }
        return e;
    }

    private Token Peek => _tokens[_pos];

    private ExpressionException Error(string reason, int? at = null) => new(reason, _text, at ?? Peek.Position);

    private bool Accept(string punct)
    {
        if (Peek is { Kind: TokenKind.Punct } t && t.Text == punct)
        {
            _pos++;
            return true;
        }
        return false;
    }

    private void Expect(string punct)
    {
        if (!Accept(punct))
        {
            throw Error(Peek.Kind == TokenKind.End ? $"Expected '{punct}' but the expression ended" : $"Expected '{punct}' but found '{Peek.Text}'");
        }
    }

    private Expr Conditional()
    {
        if (++_depth > MaxDepth)
        {
            throw Error($"Expression nests deeper than {MaxDepth} levels");
        }
        var start = Peek.Position;
        var cond = Binary(0);
        if (Accept("?"))
        {
            var then = Conditional();
            Expect(":");
            var otherwise = Conditional();
            cond = new ConditionalExpr(cond, then, otherwise, start);
        }
        _depth--;
        return cond;
    }

    private Expr Binary(int level)
    {
        if (level == Levels.Length)
        {
            return Unary();
        }
        var left = Binary(level + 1);
        while (Peek.Kind == TokenKind.Punct && Levels[level].Contains(Peek.Text))
        {
            var op = _tokens[_pos++];
            var right = Binary(level + 1);
            left = new BinaryExpr(op.Text, left, right, op.Position);
        }
        return left;
    }

    private Expr Unary()
    {
        var t = Peek;
        if (Accept("!") || Accept("-"))
        {
            if (++_depth > MaxDepth)
            {
                throw Error($"Expression nests deeper than {MaxDepth} levels");
            }
            var operand = Unary();
            _depth--;
            return new UnaryExpr(t.Text, operand, t.Position);
        }
        return Postfix(Primary());
    }

    private Expr Postfix(Expr e)
    {
        while (true)
        {
            var t = Peek;
            if (Accept("."))
            {
                var name = Peek;
                if (name.Kind != TokenKind.Identifier)
                {
                    throw Error("Expected a name after '.'");
                }
                _pos++;
                e = new MemberExpr(e, name.Text, t.Position);
            }
            else if (Accept("["))
            {
                var index = Conditional();
                Expect("]");
                e = new IndexExpr(e, index, t.Position);
            }
            else
            {
                return e;
            }
        }
    }

    private Expr Primary()
    {
        var t = Peek;
        switch (t.Kind)
        {
            case TokenKind.Number:
                _pos++;
                return new LiteralExpr(Values.Number(t.Number), t.Position);
            case TokenKind.String:
                _pos++;
                return new LiteralExpr(JsonValue.Create(t.Text), t.Position);
            case TokenKind.Identifier:
                _pos++;
                switch (t.Text)
                {
                    case "true": return new LiteralExpr(JsonValue.Create(true), t.Position);
                    case "false": return new LiteralExpr(JsonValue.Create(false), t.Position);
                    case "null": return new LiteralExpr(null, t.Position);
                }
                if (Accept("("))
                {
                    var args = new List<Expr>();
                    if (!Accept(")"))
                    {
                        do
                        {
                            args.Add(Conditional());
                        }
                        while (Accept(","));
                        Expect(")");
                    }
                    if (!Functions.IsKnown(t.Text))
                    {
                        throw Error($"Unknown function '{t.Text}'", t.Position);
                    }
                    if (Functions.ArityProblem(t.Text, args.Count) is { } arity)
                    {
                        throw Error(arity, t.Position);
                    }
                    return new CallExpr(t.Text, args, t.Position);
                }
                return new NameExpr(t.Text, t.Position);
            case TokenKind.Punct when t.Text == "[":
                _pos++;
                var items = new List<Expr>();
                if (!Accept("]"))
                {
                    do
                    {
                        items.Add(Conditional());
                    }
                    while (Accept(","));
                    Expect("]");
                }
                return new ListExpr(items, t.Position);
            case TokenKind.Punct when t.Text == "(":
                _pos++;
                var inner = Conditional();
                Expect(")");
                return inner;
            case TokenKind.End:
                throw Error("The expression ended too soon");
            default:
                throw Error($"Unexpected '{t.Text}'");
        }
    }
}
