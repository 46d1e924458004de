namespace Baton.Core.Expressions;

/// <summary>A list literal <c>[a, b]</c>.</summary>
public sealed record ListExpr(IReadOnlyList<Expr> Items, int Position) : Expr(Position);
