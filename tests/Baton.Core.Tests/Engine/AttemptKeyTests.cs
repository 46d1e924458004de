using Baton.Core.Engine;

namespace Baton.Core.Tests.Engine;

public class AttemptKeyTests
{
    [Fact]
    public void ToString_ThenParse_RoundTrips()
    {
        var key = new AttemptKey("order-42", "charge", 3);

        Assert.Equal("order-42/charge/3", key.ToString());
        Assert.Equal(key, AttemptKey.Parse(key.ToString()));
    }

    [Fact]
    public void Parse_InstanceIdWithSlashFromBeforeTheAlphabet_SplitsFromTheRight() =>
        Assert.Equal(new AttemptKey("a/b", "step", 1), AttemptKey.Parse("a/b/step/1"));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("i/s")]
    [InlineData("i/s/0")]
    [InlineData("i/s/-1")]
    [InlineData("i/s/x")]
    [InlineData("i//1")]
    [InlineData("/s/1")]
    public void Parse_NotAKey_IsNull(string? text) => Assert.Null(AttemptKey.Parse(text));
}
