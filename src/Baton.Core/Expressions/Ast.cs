using System.Text.Json.Nodes;

namespace Baton.Core.Expressions;

/// <summary>A node of a parsed expression; <see cref="Position"/> is its offset in the source text.</summary>
public abstract record Expr(int Position);

/// <summary>A literal number, string, boolean or null.</summary>
public sealed record LiteralExpr(JsonNode? Value, int Position) : Expr(Position);

/// <summary>A root name: input, steps, variables, env, workflow.</summary>
public sealed record NameExpr(string Name, int Position) : Expr(Position);

/// <summary>Member access <c>a.b</c>.</summary>
public sealed record MemberExpr(Expr Target, string Name, int Position) : Expr(Position);

/// <summary>Index access <c>a[0]</c> or <c>a['k']</c>.</summary>
public sealed record IndexExpr(Expr Target, Expr Index, int Position) : Expr(Position);

/// <summary>A prefix operator: <c>!</c> or <c>-</c>.</summary>
public sealed record UnaryExpr(string Op, Expr Operand, int Position) : Expr(Position);

/// <summary>An infix operator.</summary>
public sealed record BinaryExpr(string Op, Expr Left, Expr Right, int Position) : Expr(Position);

/// <summary>The conditional <c>c ? a : b</c>.</summary>
public sealed record ConditionalExpr(Expr Condition, Expr Then, Expr Else, int Position) : Expr(Position);

/// <summary>A call of a built-in function.</summary>
public sealed record CallExpr(string Name, IReadOnlyList<Expr> Arguments, int Position) : Expr(Position);

/// <summary>A list literal <c>[a, b]</c>.</summary>
public sealed record ListExpr(IReadOnlyList<Expr> Items, int Position) : Expr(Position);
