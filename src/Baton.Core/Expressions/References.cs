namespace Baton.Core.Expressions;

/// <summary>Finds what an expression refers to, for validation before anything runs.</summary>
public static class References
{
    /// <summary>The root names an expression uses (input, steps, ...).</summary>
    public static IEnumerable<(string Name, int Position)> Roots(Expr e) =>
        Walk(e).OfType<NameExpr>().Select(n => (n.Name, n.Position));

    /// <summary>The step ids an expression reads through <c>steps.&lt;id&gt;</c> or <c>steps['id']</c>.</summary>
    public static IEnumerable<(string StepId, int Position)> Steps(Expr e)
    {
        foreach (var node in Walk(e))
        {
            switch (node)
            {
                case MemberExpr { Target: NameExpr { Name: "steps" } } m:
                    yield return (m.Name, m.Position + 1);
                    break;
                case IndexExpr { Target: NameExpr { Name: "steps" }, Index: LiteralExpr { Value: { } v } } ix when Values.IsString(v):
                    yield return (v.GetValue<string>(), ix.Position);
                    break;
            }
        }
    }

    /// <summary>The environment variable names an expression reads through <c>env.&lt;NAME&gt;</c>.</summary>
    public static IEnumerable<(string Name, int Position)> Env(Expr e) =>
        Walk(e).OfType<MemberExpr>().Where(m => m.Target is NameExpr { Name: "env" }).Select(m => (m.Name, m.Position + 1));

    /// <summary>The direct sub-expressions of an expression, in source order.</summary>
    public static IReadOnlyList<Expr> Children(Expr e) => e switch
    {
        MemberExpr m => [m.Target],
        IndexExpr i => [i.Target, i.Index],
        UnaryExpr u => [u.Operand],
        BinaryExpr b => [b.Left, b.Right],
        ConditionalExpr c => [c.Condition, c.Then, c.Else],
        CallExpr call => call.Arguments,
        ListExpr list => list.Items,
        _ => [],
    };

    private static IEnumerable<Expr> Walk(Expr e)
    {
        yield return e;
        foreach (var child in Children(e))
        {
            foreach (var d in Walk(child))
            {
                yield return d;
            }
        }
    }
}
