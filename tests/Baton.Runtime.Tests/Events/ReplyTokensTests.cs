using System.Text.Json.Nodes;
using Baton.Runtime.Events;
using Baton.Abstractions;

namespace Baton.Runtime.Tests.Events;

public sealed class ReplyTokensTests
{
    private static readonly ReplyTokens Tokens = new(Enumerable.Repeat((byte)7, 32).ToArray());

    [Fact]
    public void Verify_TokenIssuedForThatAttemptAndType_IsTrue()
    {
        var token = Tokens.Issue("i/check/1", "checknumber");
        Assert.True(Tokens.Verify("i/check/1", "checknumber", token));
        Assert.Equal(token, new ReplyTokens(Enumerable.Repeat((byte)7, 32).ToArray()).Issue("i/check/1", "checknumber"));
    }

    [Theory]
    [InlineData("i/check/2", "checknumber")]
    [InlineData("j/check/1", "checknumber")]
    [InlineData("i/check/1", "sleep")]
    [InlineData("i/check/1", "checknumber.x")]
    public void Verify_AnotherAttemptOrType_IsFalse(string key, string type) =>
        Assert.False(Tokens.Verify(key, type, Tokens.Issue("i/check/1", "checknumber")));

    [Fact]
    public void Verify_OtherSecretMissingOrOversizedToken_IsFalse()
    {
        var other = new ReplyTokens(Enumerable.Repeat((byte)8, 32).ToArray());
        Assert.False(Tokens.Verify("i/check/1", "checknumber", other.Issue("i/check/1", "checknumber")));
        Assert.False(Tokens.Verify("i/check/1", "checknumber", null));
        Assert.False(Tokens.Verify("i/check/1", "checknumber", new string('A', 10_000)));
    }

    [Fact]
    public void Constructor_ShortSecret_Throws() => Assert.Throws<ArgumentException>(() => new ReplyTokens(new byte[16]));

    [Fact]
    public void Authenticate_CloudEventWithItsToken_PassesAndWithoutItSaysWhatToSend()
    {
        var token = Tokens.Issue("i/check/1", "checknumber");
        var (good, _) = TaskEventReader.FromCloudEvent(JsonNode.Parse($$"""{"specversion":"1.0","id":"r1","source":"/s","type":"checknumber.finished","subject":"i/check/1","batontoken":"{{token}}"}"""));
        Assert.Null(TaskEventReader.Authenticate(good!, Tokens));
        var (bare, _) = TaskEventReader.FromCloudEvent(JsonNode.Parse("""{"specversion":"1.0","id":"r2","source":"/s","type":"checknumber.finished","subject":"i/check/1"}"""));
        Assert.Contains("batontoken", TaskEventReader.Authenticate(bare!, Tokens), StringComparison.Ordinal);
    }

    [Fact]
    public void FromEventGrid_TokenInData_IsTakenOutOfTheData()
    {
        var token = Tokens.Issue("i/check/1", "checknumber");
        var (e, _) = TaskEventReader.FromEventGrid(JsonNode.Parse($$"""{"id":"g1","eventType":"checknumber.finished","subject":"i/check/1","dataVersion":"1","data":{"valid":true,"batontoken":"{{token}}"} }"""));
        Assert.Equal(token, e!.Token);
        Assert.Equal("""{"valid":true}""", e.Data!.ToJsonString());
        Assert.Null(TaskEventReader.Authenticate(e, Tokens));
    }
}
