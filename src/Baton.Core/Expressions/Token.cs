namespace Baton.Core.Expressions;

/// <summary>Kinds of token in the expression language.</summary>
internal enum TokenKind
{
    End,
    Number,
    String,
    Identifier,
    Punct,
}

/// <summary>One lexed token with its offset in the expression.</summary>
internal readonly record struct Token(TokenKind Kind, string Text, int Position, double Number = 0);
