namespace Baton.Core.Expressions;

/// <summary>A root name: input, steps, variables, env, workflow.</summary>
public sealed record NameExpr(string Name, int Position) : Expr(Position);
