using Baton.Core.Definitions;

namespace Baton.Core.Tests.Definitions;

public sealed class NamesTests
{
    [Theory]
    [InlineData("a", true)]
    [InlineData("0f3a9c2e5b7d4e1f", true)]
    [InlineData("order-42:payment@eu.west_1", true)]
    [InlineData("", false)]
    [InlineData("-a", false)]
    [InlineData("a/b", false)]
    [InlineData("..", false)]
    [InlineData("a b", false)]
    [InlineData("a\nb", false)]
    [InlineData("a\0b", false)]
    [InlineData("a#b", false)]
    [InlineData("a?b", false)]
    [InlineData("a\\b", false)]
    public void IsValidInstanceId_Alphabet_AcceptsOnlyTheSafeOnes(string id, bool valid) => Assert.Equal(valid, Names.IsValidInstanceId(id));

    [Fact]
    public void IsValidInstanceId_Length_IsAtMost100() =>
        Assert.Equal((true, false), (Names.IsValidInstanceId(new string('a', 100)), Names.IsValidInstanceId(new string('a', 101))));

    [Theory]
    [InlineData("default", true)]
    [InlineData("photo-authenticity.v2", true)]
    [InlineData("../../evil", false)]
    [InlineData("1abc", false)]
    [InlineData("abc\n", false)]
    public void IsValidName_Alphabet_AcceptsOnlyTheSafeOnes(string name, bool valid) => Assert.Equal(valid, Names.IsValidName(name));

    [Theory]
    [InlineData("1", true)]
    [InlineData("2.0.1", true)]
    [InlineData("2024-06-01", true)]
    [InlineData("1.0.0+build.7", true)]
    [InlineData("sha-0123456789ab", true)]
    [InlineData("../regtest/9", false)]
    [InlineData("a/b", false)]
    [InlineData("..", false)]
    [InlineData("", false)]
    [InlineData("a\0b", false)]
    [InlineData("a?b#c", false)]
    [InlineData("1\n", false)]
    [InlineData("with space", false)]
    public void IsValidVersion_Alphabet_AcceptsOnlyOneSafePathSegment(string version, bool valid) => Assert.Equal(valid, Names.IsValidVersion(version));

    [Fact]
    public void IsValidVersion_Length_IsAtMost64() =>
        Assert.Equal((true, false), (Names.IsValidVersion(new string('1', 64)), Names.IsValidVersion(new string('1', 65))));

    [Theory]
    [InlineData("baton.task-report:step:1", true)]
    [InlineData("BATON.x", true)]
    [InlineData("approved", false)]
    [InlineData("sh.keptn.event.dev.delivery.triggered", false)]
    public void IsReservedEventName_BatonPrefix_IsReservedInAnyCase(string name, bool reserved) => Assert.Equal(reserved, Names.IsReservedEventName(name));

    [Fact]
    public void Printable_ControlCharactersAndLongText_AreEscapedAndCut()
    {
        Assert.Equal("a\\u0000b", Names.Printable("a\0b"));
        Assert.StartsWith(new string('x', 80) + "... (1000 characters)", Names.Printable(new string('x', 1000)), StringComparison.Ordinal);
    }
}
