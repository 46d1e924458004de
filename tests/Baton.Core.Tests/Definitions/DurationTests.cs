using Baton.Core.Definitions;

namespace Baton.Core.Tests.Definitions;

public class DurationTests
{
    [Theory]
    [InlineData("500ms", 500)]
    [InlineData("5s", 5_000)]
    [InlineData("30m", 1_800_000)]
    [InlineData("24h", 86_400_000)]
    [InlineData("7d", 604_800_000)]
    [InlineData("1h30m", 5_400_000)]
    [InlineData("1.5s", 1_500)]
    public void TryParse_ValidText_GivesMilliseconds(string text, double ms)
    {
        Assert.True(Duration.TryParse(text, out var value));
        Assert.Equal(ms, value.TotalMilliseconds);
    }

    [Theory]
    [InlineData("5")]
    [InlineData("5 seconds")]
    [InlineData("30m1h")]
    [InlineData("")]
    [InlineData("-5s")]
    [InlineData("5s5s")]
    public void TryParse_InvalidText_IsRejected(string text) => Assert.False(Duration.TryParse(text, out _));

    [Fact]
    public void Format_CompoundDuration_RoundTrips()
    {
        var d = TimeSpan.FromMinutes(90) + TimeSpan.FromMilliseconds(250);
        Assert.Equal("1h30m250ms", Duration.Format(d));
        Assert.True(Duration.TryParse(Duration.Format(d), out var back));
        Assert.Equal(d, back);
    }
}
