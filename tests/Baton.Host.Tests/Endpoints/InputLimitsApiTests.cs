using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Baton.Core;

namespace Baton.Host.Tests.Endpoints;

/// <summary>Inputs past the limits (depth, alias expansion, UTF-8) are a 400 problem with nothing stored, on every route.</summary>
public sealed class InputLimitsApiTests : IAsyncLifetime
{
    private HostFixture _host = null!;

    public async Task InitializeAsync()
    {
        _host = await HostFixture.StartAsync(maxBody: 1 << 20);
        await _host.UploadAsync(HostFixture.Workflow("plain", "  steps:\n    - { id: a, task: echo, input: \"${input}\" }\n"));
        await _host.UploadAsync(HostFixture.Workflow("typed", """
              input:
                schema: { type: object }
              steps:
                - { id: a, task: echo, input: "${input}" }
            """));
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private static string Nested(int depth) => new string('[', depth) + new string(']', depth);

    private async Task<int> InstanceCountAsync() =>
        (await _host.JsonAsync(HttpMethod.Get, "/api/instances?top=1000"))["instances"]!.AsArray().Count;

    [Theory]
    [InlineData("plain", 33)]
    [InlineData("plain", 60)]
    [InlineData("plain", 62)]
    [InlineData("plain", 63)]
    [InlineData("typed", 70)]
    [InlineData("plain", 20_000)]
    public async Task Start_InputDeeperThanTheLimit_Is400AndStoresNothing(string workflow, int depth)
    {
        var before = await InstanceCountAsync();
        var body = workflow == "typed" ? $"{{\"a\":{Nested(depth - 1)}}}" : Nested(depth);
        foreach (var route in new[] { $"/api/workflows/{workflow}/instances?instanceId=deep{depth}", $"/runtime/webhooks/durabletask/orchestrators/{workflow}/deepd{depth}" })
        {
            using var response = await _host.SendAsync(HttpMethod.Post, route, body: body);
            var text = await response.Content.ReadAsStringAsync();

            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{route}: {(int)response.StatusCode} {text}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Contains($"{ValueLimits.MaxDepth}", text, StringComparison.Ordinal);
        }
        Assert.Equal(before, await InstanceCountAsync());
        using var listing = await _host.SendAsync(HttpMethod.Get, "/runtime/webhooks/durabletask/instances");
        Assert.Equal(HttpStatusCode.OK, listing.StatusCode);
    }

    [Fact]
    public async Task Start_InputAtTheLimit_Completes()
    {
        var result = await _host.JsonAsync(HttpMethod.Post, "/api/workflows/plain/instances?instanceId=atlimit&wait=30", body: Nested(ValueLimits.MaxDepth));

        Assert.Equal("Completed", result["runtimeStatus"]?.GetValue<string>() ?? result["status"]?.GetValue<string>());
        var read = await _host.JsonAsync(HttpMethod.Get, "/api/instances/atlimit");
        Assert.Equal(ValueLimits.MaxDepth, ValueLimits.DepthOf(read["input"]));
    }

    [Fact]
    public async Task Start_BodyThatIsNotUtf8_Is400NamingTheOffset()
    {
        var before = await InstanceCountAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/workflows/plain/instances?instanceId=latin1");
        request.Headers.Add("x-functions-key", HostFixture.FunctionKey);
        request.Content = new ByteArrayContent([.. Encoding.ASCII.GetBytes("{\"name\":\"caf"), 0xE9, .. Encoding.ASCII.GetBytes("\"}")]);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        using var response = await _host.Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("invalid-utf8", text, StringComparison.Ordinal);
        Assert.Contains("offset 12", text, StringComparison.Ordinal);
        Assert.Equal(before, await InstanceCountAsync());
    }

    [Fact]
    public async Task UploadDefinition_NotUtf8_Is400AndNotRegistered()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/definitions");
        request.Headers.Add("x-functions-key", HostFixture.AdminKey);
        request.Content = new ByteArrayContent([.. Encoding.ASCII.GetBytes(HostFixture.Workflow("latin", "  steps:\n    - { id: a, task: echo, input: \"caf")), 0xE9, .. "\" }\n"u8.ToArray()]);

        using var response = await _host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("invalid-utf8", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var lookup = await _host.SendAsync(HttpMethod.Get, "/api/definitions/latin", HostFixture.AdminKey);
        Assert.Equal(HttpStatusCode.NotFound, lookup.StatusCode);
    }

    [Fact]
    public async Task UploadDefinition_AliasBomb_Is400WithBtn006()
    {
        var bomb = new StringBuilder(HostFixture.Workflow("bomb", "  steps:\n    - id: a\n      task: echo\n      input:\n"));
        bomb.Append("        a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        foreach (var (name, previous) in "bcdefghi".Zip("abcdefgh"))
        {
            bomb.Append($"        {name}: &{name} [{string.Join(", ", Enumerable.Repeat($"*{previous}", 9))}]\n");
        }

        using var response = await _host.SendAsync(HttpMethod.Post, "/api/definitions", HostFixture.AdminKey, bomb.ToString());
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("BTN006", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RaiseEvent_DataDeeperThanTheLimit_Is400()
    {
        using var response = await _host.SendAsync(HttpMethod.Post, "/api/instances/none/events/x", body: Nested(ValueLimits.MaxDepth + 1));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("invalid-json", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
