using System.Text.Json.Nodes;

namespace Baton.Core.Expressions;

/// <summary>A literal number, string, boolean or null.</summary>
public sealed record LiteralExpr(JsonNode? Value, int Position) : Expr(Position);
