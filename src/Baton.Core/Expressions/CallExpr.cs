namespace Baton.Core.Expressions;

/// <summary>A call of a built-in function.</summary>
public sealed record CallExpr(string Name, IReadOnlyList<Expr> Arguments, int Position) : Expr(Position);
