using System.Text.Json;
using System.Text.Json.Nodes;

namespace Baton.Core.Tests;

public class ValueLimitsTests
{
    private static string Nested(int depth) => new string('[', depth) + new string(']', depth);

    [Theory]
    [InlineData("1", 0)]
    [InlineData("[]", 1)]
    [InlineData("{\"a\":[{\"b\":2}]}", 3)]
    public void DepthOf_Value_CountsNestedContainers(string json, int expected) =>
        Assert.Equal(expected, ValueLimits.DepthOf(JsonNode.Parse(json)));

    [Fact]
    public void DepthOf_VeryDeepTree_DoesNotRecurse()
    {
        JsonNode node = new JsonArray();
        for (var i = 1; i < 100_000; i++)
        {
            node = new JsonArray(node);
        }

        Assert.Equal(100_000, ValueLimits.DepthOf(node));
        Assert.Contains("100000 levels", ValueLimits.DepthProblem(node), StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_AtTheLimit_Succeeds() =>
        Assert.Equal(ValueLimits.MaxDepth, ValueLimits.DepthOf(ValueLimits.Parse(Nested(ValueLimits.MaxDepth))));

    [Fact]
    public void Parse_PastTheLimit_ThrowsNamingLimitAndPosition()
    {
        var ex = Assert.ThrowsAny<JsonException>(() => ValueLimits.Parse(Nested(ValueLimits.MaxDepth + 1)));

        Assert.Contains($"depth of {ValueLimits.MaxDepth}", ex.Message, StringComparison.Ordinal);
        Assert.Contains("BytePositionInLine", ex.Message, StringComparison.Ordinal);
    }
}
