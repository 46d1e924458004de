using Baton.Runtime.Events;

namespace Baton.Runtime.Tests.Events;

public class WebhookHandshakeTests
{
    [Fact]
    public void Answer_WithOrigin_AllowsItWithoutARateLimit() =>
        Assert.Equal([new("WebHook-Allowed-Origin", "eventgrid.azure.net"), new("WebHook-Allowed-Rate", "*")], WebhookHandshake.Answer("eventgrid.azure.net")!);

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Answer_WithoutOrigin_IsRefused(string? origin) => Assert.Null(WebhookHandshake.Answer(origin));
}
