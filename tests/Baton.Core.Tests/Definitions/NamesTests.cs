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
    public void IsValidName_Alphabet_AcceptsOnlyTheSafeOnes(string name, bool valid) => Assert.Equal(valid, Names.IsValidName(name));
}
