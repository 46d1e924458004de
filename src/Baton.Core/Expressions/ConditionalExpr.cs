namespace Baton.Core.Expressions;

/// <summary>The conditional <c>c ? a : b</c>.</summary>
public sealed record ConditionalExpr(Expr Condition, Expr Then, Expr Else, int Position) : Expr(Position);
