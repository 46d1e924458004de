namespace Baton.Core.Expressions;

/// <summary>Member access <c>a.b</c>.</summary>
public sealed record MemberExpr(Expr Target, string Name, int Position) : Expr(Position);
