using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Baton.Core;

using Baton.Hosts.Testing;

namespace Baton.ControlPlane.Tests.Routes;

/// <summary>Inputs past the limits (depth, alias expansion, UTF-8) are a 400 problem with nothing stored, on every route.</summary>
public abstract class InputLimitsApiTests : ApiSuite
{
    protected override ApiServerOptions Options => new() { MaxBody = 1 << 20 };

    protected override async Task SetUpAsync()
    {
        await Server.UploadAsync(ApiServer.Workflow("plain", "  steps:\n    - { id: a, task: echo, input: \"${input}\" }\n"));
        await Server.UploadAsync(ApiServer.Workflow("typed", """
              input:
                schema: { type: object }
              steps:
                - { id: a, task: echo, input: "${input}" }
            """));
    }

    private static string Nested(int depth) => new string('[', depth) + new string(']', depth);

    private async Task<int> InstanceCountAsync() =>
        (await Server.JsonAsync(HttpMethod.Get, "/api/instances?top=1000"))["instances"]!.AsArray().Count;

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
        foreach (var route in new[] { $"/api/workflows/{workflow}/instances?instanceId=deep{depth}", $"/runtime/webhooks/durabletask/orchestrators/{workflow}/deepd{depth}" }.Where(Server.Serves))
        {
            using var response = await Server.SendAsync(HttpMethod.Post, route, body: body);
            var text = await response.Content.ReadAsStringAsync();

            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{route}: {(int)response.StatusCode} {text}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Contains($"{ValueLimits.MaxDepth}", text, StringComparison.Ordinal);
        }
        Assert.Equal(before, await InstanceCountAsync());
        using var listing = await Server.SendAsync(HttpMethod.Get, "/api/instances");
        Assert.Equal(HttpStatusCode.OK, listing.StatusCode);
    }

    [Fact]
    public async Task Start_InputAtTheLimit_Completes()
    {
        var result = await Server.JsonAsync(HttpMethod.Post, "/api/workflows/plain/instances?instanceId=atlimit&wait=30", body: Nested(ValueLimits.MaxDepth));

        Assert.Equal("Completed", result["runtimeStatus"]?.GetValue<string>() ?? result["status"]?.GetValue<string>());
        var read = await Server.JsonAsync(HttpMethod.Get, "/api/instances/atlimit");
        Assert.Equal(ValueLimits.MaxDepth, ValueLimits.DepthOf(read["input"]));
    }

    [Fact]
    public async Task Start_BodyThatIsNotUtf8_Is400NamingTheOffset()
    {
        var before = await InstanceCountAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/workflows/plain/instances?instanceId=latin1");
        request.Headers.Add("x-functions-key", ApiServer.FunctionKey);
        request.Content = new ByteArrayContent([.. Encoding.ASCII.GetBytes("{\"name\":\"caf"), 0xE9, .. Encoding.ASCII.GetBytes("\"}")]);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        using var response = await Server.Client.SendAsync(request);
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
        request.Headers.Add("x-functions-key", ApiServer.AdminKey);
        request.Content = new ByteArrayContent([.. Encoding.ASCII.GetBytes(ApiServer.Workflow("latin", "  steps:\n    - { id: a, task: echo, input: \"caf")), 0xE9, .. "\" }\n"u8.ToArray()]);

        using var response = await Server.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("invalid-utf8", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var lookup = await Server.SendAsync(HttpMethod.Get, "/api/definitions/latin", ApiServer.AdminKey);
        Assert.Equal(HttpStatusCode.NotFound, lookup.StatusCode);
    }

    [Fact]
    public async Task UploadDefinition_AliasBomb_Is400WithBtn006()
    {
        var bomb = new StringBuilder(ApiServer.Workflow("bomb", "  steps:\n    - id: a\n      task: echo\n      input:\n"));
        bomb.Append("        a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        foreach (var (name, previous) in "bcdefghi".Zip("abcdefgh"))
        {
            bomb.Append($"        {name}: &{name} [{string.Join(", ", Enumerable.Repeat($"*{previous}", 9))}]\n");
        }

        using var response = await Server.SendAsync(HttpMethod.Post, "/api/definitions", ApiServer.AdminKey, bomb.ToString());
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("BTN006", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RaiseEvent_DataDeeperThanTheLimit_Is400()
    {
        using var response = await Server.SendAsync(HttpMethod.Post, "/api/instances/none/events/x", body: Nested(ValueLimits.MaxDepth + 1));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("invalid-json", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    /// <summary>The suite on <c>baton serve</c> (the embedded hub).</summary>
    public sealed class OnServe : InputLimitsApiTests
    {
        protected override ApiHostKind Kind => ApiHostKind.Serve;
    }

    /// <summary>The suite on the function app (the Durable backend).</summary>
    public sealed class OnFunctionApp : InputLimitsApiTests
    {
        protected override ApiHostKind Kind => ApiHostKind.FunctionApp;
    }
}
