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

    private static EvaluationContext UrlValues() => new(new Dictionary<string, JsonNode?>
    {
        ["input"] = new JsonObject { ["v"] = "a/b?c=1&d#e", ["base"] = "https://h.example/api", ["at"] = "/x@evil.example", ["up"] = "a/../admin", ["up2"] = "%2e%2E/admin" },
    }, DateTimeOffset.UnixEpoch, "s");

    [Theory]
    [InlineData("https://h.example/u/${input.v}?q=${input.v}", "https://h.example/u/a/b%3Fc=1&d%23e?q=a%2Fb%3Fc%3D1%26d%23e")]
    [InlineData("${input.v}", "a/b?c=1&d#e")]
    [InlineData("${input.base}/x/${input.v}", "https://h.example/api/x/a/b%3Fc=1&d%23e")]
    [InlineData("https://h.example${input.at}", "https://h.example/x%40evil.example")]
    [InlineData("https://h.example/u/${input.v}#${input.v}", "https://h.example/u/a/b%3Fc=1&d%23e#a%2Fb%3Fc%3D1%26d%23e")]
    public void EvaluateUrl_ValuesAfterLiteralText_StayInTheirPartOfTheUrl(string template, string expected)
    {
        Assert.Equal(expected, Template.Parse(template).EvaluateUrl(UrlValues()));
    }

    [Theory]
    [InlineData("https://h.example/u/${input.up}")]
    [InlineData("https://h.example/u/${input.up2}")]
    public void EvaluateUrl_DotSegmentInAPathValue_IsRefused(string template)
    {
        var ex = Assert.Throws<ExpressionException>(() => Template.Parse(template).EvaluateUrl(UrlValues()));
        Assert.Contains("'..' segment", ex.Reason, StringComparison.Ordinal);
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
