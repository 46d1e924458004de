using System.Text.Json.Nodes;
using Baton.Core.Expressions;

namespace Baton.Core.Tests;

public class ValueReferenceTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);

    private static EvaluationContext Context() => new(new Dictionary<string, JsonNode?>
    {
        ["input"] = new JsonObject
        {
            ["doc"] = ValueReference.Create("values/i/abc.json", "abc", 5_242_880, "string"),
            ["size"] = 5_242_880,
        },
    }, Now, "seed");

    private static JsonNode? Eval(string expr) => Evaluator.Evaluate(Parser.Parse(expr), expr, Context());

    [Theory]
    [InlineData("input.doc")]
    [InlineData("coalesce(input.missing, input.doc)")]
    [InlineData("input.size > 0 ? input.doc : null")]
    public void Evaluate_ReferencePassedWhole_IsTheReference(string expr)
    {
        Assert.True(ValueReference.IsReference(Eval(expr)));
    }

    [Theory]
    [InlineData("input.doc.title")]
    [InlineData("input.doc[0]")]
    [InlineData("len(input.doc)")]
    [InlineData("input.doc == 'x'")]
    [InlineData("input.doc + 'suffix'")]
    [InlineData("contains(input.doc, 'needle')")]
    public void Evaluate_ExpressionLooksInsideAReference_FailsSayingWhy(string expr)
    {
        var ex = Assert.Throws<ExpressionException>(() => Eval(expr));
        Assert.Contains("string (5.0 MB) is kept in the data store", ex.Reason, StringComparison.Ordinal);
        Assert.Contains("pass it whole", ex.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_ReferenceInterpolatedIntoText_FailsSayingWhy()
    {
        var ex = Assert.Throws<ExpressionException>(() => Template.Parse("doc: ${input.doc}").Evaluate(Context()));
        Assert.Contains("claim-check threshold", ex.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_ReferenceAsCondition_IsTruthyLikeTheLargeValueItStandsFor()
    {
        Assert.True(Eval("!!input.doc")!.GetValue<bool>());
    }

    [Fact]
    public void TryRead_ObjectWithTheMarkerButNoHash_IsNotAReadableReference()
    {
        var forged = new JsonObject { [ValueReference.Marker] = "values/i/x.json" };
        Assert.True(ValueReference.IsReference(forged));
        Assert.False(ValueReference.TryRead(forged, out _, out _));
        Assert.True(ValueReference.TryRead(ValueReference.Create("values/i/x.json", "ff", 10, "list"), out var location, out var hash));
        Assert.Equal(("values/i/x.json", "ff"), (location, hash));
    }
}
