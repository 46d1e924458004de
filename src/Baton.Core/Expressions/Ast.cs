namespace Baton.Core.Expressions;

/// <summary>A node of a parsed expression; <see cref="Position"/> is its offset in the source text.</summary>
public abstract record Expr(int Position);
