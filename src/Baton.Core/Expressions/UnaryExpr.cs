namespace Baton.Core.Expressions;

/// <summary>A prefix operator: <c>!</c> or <c>-</c>.</summary>
public sealed record UnaryExpr(string Op, Expr Operand, int Position) : Expr(Position);
