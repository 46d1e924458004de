namespace Baton.Core.Expressions;

/// <summary>An infix operator.</summary>
public sealed record BinaryExpr(string Op, Expr Left, Expr Right, int Position) : Expr(Position);
