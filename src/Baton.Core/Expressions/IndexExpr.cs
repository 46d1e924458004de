namespace Baton.Core.Expressions;

/// <summary>Index access <c>a[0]</c> or <c>a['k']</c>.</summary>
public sealed record IndexExpr(Expr Target, Expr Index, int Position) : Expr(Position);
