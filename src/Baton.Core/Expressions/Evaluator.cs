using System.Text.Json;
using System.Text.Json.Nodes;

namespace Baton.Core.Expressions;

/// <summary>Evaluates a parsed expression against an <see cref="EvaluationContext"/>.</summary>
/// <remarks>Evaluation is bounded by a step budget and a result size limit, and never executes code. Values
/// that come out of the context are data: a string that looks like <c>${...}</c> is never evaluated again.
/// Member access on null gives null, so outputs of skipped steps read as null. A claim-checked value
/// (<see cref="ValueReference"/>) may be passed whole or through <c>coalesce</c>, and refuses every other use.</remarks>
public static class Evaluator
{
    /// <summary>The longest string an evaluation may build.</summary>
    public const int MaxStringLength = 1 << 20;

    /// <summary>Evaluates an expression; throws <see cref="ExpressionException"/> with the position on error.</summary>
    public static JsonNode? Evaluate(Expr expr, string source, EvaluationContext context)
    {
        return Eval(expr, source, context)?.DeepClone();
    }

    private static JsonNode? Eval(Expr e, string src, EvaluationContext ctx)
    {
        if (--ctx.Budget < 0)
        {
            throw new ExpressionException("Evaluation took too many steps", src, e.Position);
        }
        switch (e)
        {
            case LiteralExpr l:
                return l.Value?.DeepClone();
            case MemberExpr { Target: NameExpr { Name: "steps" } } sm when ctx.StepLookup is { } lookup:
                return lookup(sm.Name);
            case IndexExpr { Target: NameExpr { Name: "steps" } } si when ctx.StepLookup is { } lookup2:
                var key = Eval(si.Index, src, ctx);
                return Values.IsString(key) ? lookup2(key!.GetValue<string>()) : throw new ExpressionException("steps[...] takes a step id string", src, si.Position);
            case NameExpr { Name: "steps" } when ctx.StepLookup is { } all:
                var obj = new JsonObject();
                foreach (var id in ctx.StepIds)
                {
                    obj[id] = all(id);
                }
                return obj;
            case NameExpr n:
                if (!ctx.Roots.TryGetValue(n.Name, out var root))
                {
                    throw new ExpressionException($"Unknown name '{n.Name}' (known: {string.Join(", ", ctx.Roots.Keys)})", src, n.Position);
                }
                return root;
            case MemberExpr m:
                return Member(ValueReference.Open(Eval(m.Target, src, ctx), src, m.Position), m.Name, src, m.Position);
            case IndexExpr ix:
                return Index(ValueReference.Open(Eval(ix.Target, src, ctx), src, ix.Position), Eval(ix.Index, src, ctx), src, ix.Position);
            case UnaryExpr u:
                var operand = Eval(u.Operand, src, ctx);
                if (u.Op == "!")
                {
                    return JsonValue.Create(!Values.Truthy(operand));
                }
                return Values.Number(-RequireNumber(operand, "-", src, u.Position));
            case ConditionalExpr c:
                return Values.Truthy(Eval(c.Condition, src, ctx)) ? Eval(c.Then, src, ctx) : Eval(c.Else, src, ctx);
            case BinaryExpr b:
                return Binary(b, src, ctx);
            case ListExpr list:
                return new JsonArray([.. list.Items.Select(i => Eval(i, src, ctx)?.DeepClone())]);
            case CallExpr call:
                var args = call.Arguments.Select(a => call.Name == "coalesce" ? Eval(a, src, ctx) : ValueReference.Open(Eval(a, src, ctx), src, a.Position)).ToArray();
                return Functions.Call(call.Name, args, ctx, src, call.Position);
            default:
                throw new ExpressionException("Unsupported expression", src, e.Position);
        }
    }

    private static JsonNode? Member(JsonNode? target, string name, string src, int pos) => target switch
    {
        null => null,
        JsonObject o => o.TryGetPropertyValue(name, out var v) ? v : null,
        _ => throw new ExpressionException($"Cannot read '{name}' of a {Values.Kind(target)}", src, pos),
    };

    private static JsonNode? Index(JsonNode? target, JsonNode? index, string src, int pos)
    {
        switch (target)
        {
            case null:
                return null;
            case JsonArray a when Values.AsNumber(index) is { } d:
                var i = (int)d;
                if (i != d)
                {
                    throw new ExpressionException($"List index {d} is not a whole number", src, pos);
                }
                return i >= 0 && i < a.Count ? a[i] : null;
            case JsonObject o when Values.IsString(index):
                return o.TryGetPropertyValue(index!.GetValue<string>(), out var v) ? v : null;
            default:
                throw new ExpressionException($"Cannot index a {Values.Kind(target)} with a {Values.Kind(index)}", src, pos);
        }
    }

    private static JsonNode? Binary(BinaryExpr b, string src, EvaluationContext ctx)
    {
        if (b.Op == "&&")
        {
            return JsonValue.Create(Values.Truthy(Eval(b.Left, src, ctx)) && Values.Truthy(Eval(b.Right, src, ctx)));
        }
        if (b.Op == "||")
        {
            return JsonValue.Create(Values.Truthy(Eval(b.Left, src, ctx)) || Values.Truthy(Eval(b.Right, src, ctx)));
        }
        var l = ValueReference.Open(Eval(b.Left, src, ctx), src, b.Left.Position);
        var r = ValueReference.Open(Eval(b.Right, src, ctx), src, b.Right.Position);
        switch (b.Op)
        {
            case "==": return JsonValue.Create(Values.Equal(l, r));
            case "!=": return JsonValue.Create(!Values.Equal(l, r));
            case "<" or "<=" or ">" or ">=":
                var cmp = Compare(l, r, b.Op, src, b.Position);
                return JsonValue.Create(b.Op switch { "<" => cmp < 0, "<=" => cmp <= 0, ">" => cmp > 0, _ => cmp >= 0 });
            case "+":
                if (Values.IsString(l) || Values.IsString(r))
                {
                    var s = Values.Text(l) + Values.Text(r);
                    if (s.Length > MaxStringLength)
                    {
                        throw new ExpressionException($"String result is longer than {MaxStringLength} characters", src, b.Position);
                    }
                    return JsonValue.Create(s);
                }
                if (l is JsonArray la && r is JsonArray ra)
                {
                    return new JsonArray([.. la.Select(x => x?.DeepClone()), .. ra.Select(x => x?.DeepClone())]);
                }
                return Values.Number(RequireNumber(l, "+", src, b.Position) + RequireNumber(r, "+", src, b.Position));
            case "-": return Values.Number(RequireNumber(l, "-", src, b.Position) - RequireNumber(r, "-", src, b.Position));
            case "*": return Values.Number(RequireNumber(l, "*", src, b.Position) * RequireNumber(r, "*", src, b.Position));
            case "/" or "%":
                var divisor = RequireNumber(r, b.Op, src, b.Position);
                if (divisor == 0)
                {
                    throw new ExpressionException("Division by zero", src, b.Position);
                }
                var dividend = RequireNumber(l, b.Op, src, b.Position);
                return Values.Number(b.Op == "/" ? dividend / divisor : dividend % divisor);
            default:
                throw new ExpressionException($"Unknown operator '{b.Op}'", src, b.Position);
        }
    }

    private static int Compare(JsonNode? l, JsonNode? r, string op, string src, int pos)
    {
        if (Values.AsNumber(l) is { } x && Values.AsNumber(r) is { } y)
        {
            return x.CompareTo(y);
        }
        if (Values.IsString(l) && Values.IsString(r))
        {
            return string.CompareOrdinal(l!.GetValue<string>(), r!.GetValue<string>());
        }
        throw new ExpressionException($"Cannot compare a {Values.Kind(l)} with a {Values.Kind(r)} using '{op}'", src, pos);
    }

    private static double RequireNumber(JsonNode? v, string op, string src, int pos) =>
        Values.AsNumber(v) ?? throw new ExpressionException($"'{op}' needs numbers, not a {Values.Kind(v)}", src, pos);

    internal static JsonValueKind KindOf(JsonNode? v) => v is JsonValue x ? x.GetValueKind() : JsonValueKind.Undefined;
}
