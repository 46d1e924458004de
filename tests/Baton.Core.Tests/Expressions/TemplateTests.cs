using System.Text.Json.Nodes;
using Baton.Core.Expressions;

namespace Baton.Core.Tests.Expressions;

public class TemplateTests
{
    [Fact]
    public void Evaluate_WholeValueExpression_KeepsJsonType()
    {
        var value = Template.Parse("${input.tags}").Evaluate(EvaluatorTests.Context());
        Assert.IsType<JsonArray>(value);
    }

    [Fact]
    public void Evaluate_Interpolation_MakesText()
    {
        var value = Template.Parse("Hi ${input.name}, n=${input.n}, tags=${input.tags}, none=${input.missing}.").Evaluate(EvaluatorTests.Context());
        Assert.Equal("Hi Ada, n=3, tags=[\"a\",\"b\"], none=.", value!.GetValue<string>());
    }

    [Fact]
    public void Evaluate_EscapedDollar_StaysLiteral() =>
        Assert.Equal("cost: ${price}", Template.Parse("cost: $${price}").Evaluate(EvaluatorTests.Context())!.GetValue<string>());

    [Fact]
    public void Evaluate_ValueThatLooksLikeAnExpression_IsNeverReEvaluated()
    {
        var ctx = new EvaluationContext(new Dictionary<string, JsonNode?>
        {
            ["input"] = new JsonObject { ["evil"] = "${hash('x')}", ["list"] = new JsonArray("${1+1}") },
        }, DateTimeOffset.UnixEpoch, "s");
        var tree = TemplateTree.Parse(JsonNode.Parse("""{"a": "${input.evil}", "b": "said ${input.evil}", "c": "${input.list}"}"""));
        var result = tree.Evaluate(ctx)!;
        Assert.Equal("${hash('x')}", result["a"]!.GetValue<string>());
        Assert.Equal("said ${hash('x')}", result["b"]!.GetValue<string>());
        Assert.Equal("${1+1}", result["c"]![0]!.GetValue<string>());
    }

    [Fact]
    public void Parse_UnclosedExpression_Throws()
    {
        var ex = Assert.Throws<ExpressionException>(() => Template.Parse("x ${input.a"));
        Assert.Contains("never closed", ex.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_BraceInsideStringLiteral_DoesNotCloseExpression() =>
        Assert.Equal("a}b", Template.Parse("${'a}b'}").Evaluate(EvaluatorTests.Context())!.GetValue<string>());

    [Fact]
    public void TemplateTree_BadString_ReportsItsPath()
    {
        var ex = Assert.Throws<TemplateTreeException>(() => TemplateTree.Parse(JsonNode.Parse("""{"a": {"b": ["ok", "${1 +}"]}}""")));
        Assert.Equal("a.b[1]", ex.Path);
    }
}
