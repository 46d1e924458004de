using System.Text;

namespace Baton.Core.Tests;

public class Utf8TextTests
{
    [Fact]
    public void TryDecode_ValidTextWithBom_SkipsTheBom()
    {
        byte[] bytes = [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes("café ✓")];

        Assert.True(Utf8Text.TryDecode(bytes, out var text, out _));
        Assert.Equal("café ✓", text);
    }

    [Theory]
    [InlineData(new byte[] { 0x61, 0x62, 0xE9, 0x63 }, 2)]
    [InlineData(new byte[] { 0xEF, 0xBB, 0xBF, 0x61, 0xFF }, 4)]
    [InlineData(new byte[] { 0x61, 0xED, 0xA0, 0x80 }, 1)]
    [InlineData(new byte[] { 0x61, 0xE2, 0x82 }, 1)]
    public void TryDecode_InvalidBytes_RefusesWithTheirOffset(byte[] bytes, long offset)
    {
        Assert.False(Utf8Text.TryDecode(bytes, out _, out var at));
        Assert.Equal(offset, at);
    }

    [Fact]
    public void TryDecode_Empty_IsEmptyText()
    {
        Assert.True(Utf8Text.TryDecode([], out var text, out _));
        Assert.Equal("", text);
    }
}
