using System.Collections.Immutable;
using System.Text.Json.Nodes;
using Baton.Core.Expressions;
using Baton.Runtime.Catalog;
using Baton.Runtime.Runners;
using Baton.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Baton.Abstractions;

namespace Baton.Runtime.Tests.Runners;

public sealed class HttpRunnerTests : IAsyncLifetime
{
    private readonly HttpRunner _runner = new();
    private readonly List<(string Key, string Body, string Custom)> _seen = [];
    private LoopbackServer? _server;

    private LoopbackServer Server => _server!;

    public async Task InitializeAsync() => _server = await LoopbackServer.StartAsync(app =>
    {
        app.MapPost("/echo/{name}", async (HttpRequest req, string name) =>
        {
            var body = await LoopbackServer.BodyAsync(req);
            lock (_seen)
            {
                _seen.Add((req.Headers["Idempotency-Key"].ToString(), body, req.Headers["X-Custom"].ToString()));
            }
            return Results.Json(new { name, received = JsonNode.Parse(body) });
        });
        app.MapGet("/broken", () => Results.Text("database exploded " + new string('x', 1000), statusCode: 500));
        app.MapGet("/missing", () => Results.NotFound("no such thing"));
        app.MapGet("/text", () => Results.Text("plain words"));
        app.MapGet("/slow", async (CancellationToken ct) =>
        {
            await Task.Delay(TimeSpan.FromSeconds(10), ct);
            return Results.Ok();
        });
    });

    public async Task DisposeAsync()
    {
        _runner.Dispose();
        await Server.DisposeAsync();
    }

    private static HttpBinding Binding(string method, string url, bool allowPrivate = true, string? body = null, Dictionary<string, string>? headers = null) =>
        new("t", method, Template.Parse(url), (headers ?? []).ToImmutableDictionary(p => p.Key, p => Template.Parse(p.Value)),
            body is null ? null : TemplateTree.Parse(JsonNode.Parse(body)), allowPrivate, null);

    private static TaskContext Context(JsonNode? input = null) => new("i", "s", 1, "i/s/1", "t", input ?? new JsonObject { ["city"] = "Oslo" });

    [Fact]
    public async Task RunAsync_PostWithTemplates_SendsInputAndKeyAndReturnsJson()
    {
        var b = Binding("POST", Server.Url("echo/${input.city}"), headers: new() { ["X-Custom"] = "v-${task.attempt}" });
        var r = Assert.IsType<TaskResult.Success>(await _runner.RunAsync(b, Context(), default));
        Assert.Equal("""{"name":"Oslo","received":{"city":"Oslo"}}""", r.Output!.ToJsonString());
        var seen = Assert.Single(_seen);
        Assert.Equal(("i/s/1", "v-1"), (seen.Key, seen.Custom));
    }

    [Fact]
    public async Task RunAsync_HostileValueInThePath_ReachesNoOtherQueryOrFragment()
    {
        var b = Binding("POST", Server.Url("echo/${input.city}"));
        var r = Assert.IsType<TaskResult.Success>(await _runner.RunAsync(b, Context(new JsonObject { ["city"] = "x?y=1#z" }), default));
        Assert.Equal("x?y=1#z", r.Output!["name"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("../broken")]
    [InlineData("%2E%2E/broken")]
    public async Task RunAsync_ParentSegmentInAPathValue_FailsWithoutARequest(string value)
    {
        var b = Binding("GET", Server.Url("echo/${input.city}"));
        var f = Assert.IsType<TaskResult.Failure>(await _runner.RunAsync(b, Context(new JsonObject { ["city"] = value }), default));
        Assert.Equal("ExpressionError", f.Error.Code);
        Assert.False(f.Retryable);
    }

    [Theory]
    [InlineData("v\r\nX-Injected: 1")]
    [InlineData("v\nX-Injected: 1")]
    [InlineData("v\u0000")]
    public async Task RunAsync_ControlCharacterInAHeaderValue_FailsWithoutARequest(string value)
    {
        var b = Binding("POST", Server.Url("echo/x"), headers: new() { ["X-Custom"] = "${input.v}" });
        var f = Assert.IsType<TaskResult.Failure>(await _runner.RunAsync(b, Context(new JsonObject { ["v"] = value }), default));
        Assert.Equal("InvalidHeader", f.Error.Code);
        Assert.False(f.Retryable);
        Assert.Empty(_seen);
    }

    [Fact]
    public async Task RunAsync_UrlBuiltFromBaseAndPathValues_CallsThatPath()
    {
        var b = Binding("POST", "${input.base}/echo${input.path}");
        var r = Assert.IsType<TaskResult.Success>(await _runner.RunAsync(b, Context(new JsonObject { ["base"] = Server.Url("").TrimEnd('/'), ["path"] = "/ada" }), default));
        Assert.Equal("ada", r.Output!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task RunAsync_BodyTemplate_SendsEvaluatedBody()
    {
        var b = Binding("POST", Server.Url("echo/x"), body: """{"q": "${upper(input.city)}", "n": 1}""");
        var r = Assert.IsType<TaskResult.Success>(await _runner.RunAsync(b, Context(), default));
        Assert.Equal("""{"q":"OSLO","n":1}""", r.Output!["received"]!.ToJsonString());
    }

    [Fact]
    public async Task RunAsync_ServerError_FailsRetryableWithStatusAndExcerpt()
    {
        var f = Assert.IsType<TaskResult.Failure>(await _runner.RunAsync(Binding("GET", Server.Url("broken")), Context(), default));
        Assert.Equal("HttpError", f.Error.Code);
        Assert.Contains("500", f.Error.Message, StringComparison.Ordinal);
        Assert.Contains("database exploded", f.Error.Message, StringComparison.Ordinal);
        Assert.True(f.Error.Message.Length < 800);
        Assert.True(f.Retryable);
    }

    [Fact]
    public async Task RunAsync_NotFound_FailsWithoutRetry()
    {
        var f = Assert.IsType<TaskResult.Failure>(await _runner.RunAsync(Binding("GET", Server.Url("missing")), Context(), default));
        Assert.Contains("404", f.Error.Message, StringComparison.Ordinal);
        Assert.False(f.Retryable);
    }

    [Fact]
    public async Task RunAsync_NonJsonResponse_WrapsBodyAsText()
    {
        var r = Assert.IsType<TaskResult.Success>(await _runner.RunAsync(Binding("GET", Server.Url("text")), Context(), default));
        Assert.Equal("""{"status":200,"body":"plain words"}""", r.Output!.ToJsonString());
    }

    [Fact]
    public async Task RunAsync_LoopbackWithoutPermission_IsRefusedBeforeSending()
    {
        var f = Assert.IsType<TaskResult.Failure>(await _runner.RunAsync(Binding("POST", Server.Url("echo/x"), allowPrivate: false), Context(), default));
        Assert.Equal("AddressRefused", f.Error.Code);
        Assert.Contains("allow_private_network", f.Error.Message, StringComparison.Ordinal);
        Assert.Empty(_seen);
    }

    [Fact]
    public async Task RunAsync_MetadataAddress_IsRefused()
    {
        var f = Assert.IsType<TaskResult.Failure>(await _runner.RunAsync(Binding("GET", "http://169.254.169.254/latest/meta-data/", allowPrivate: false), Context(), default));
        Assert.Equal("AddressRefused", f.Error.Code);
    }

    [Fact]
    public async Task RunAsync_NotHttpUrl_FailsWithoutRetry()
    {
        var f = Assert.IsType<TaskResult.Failure>(await _runner.RunAsync(Binding("GET", "file:///etc/passwd"), Context(), default));
        Assert.Equal("InvalidUrl", f.Error.Code);
    }

    [Fact]
    public async Task RunAsync_ViaExecutorPastTimeout_FailsTimedOut()
    {
        var functions = new FunctionRegistry();
        var executor = new TaskExecutor(functions, [_runner], TimeProvider.System);
        var catalog = new TaskCatalog(ImmutableDictionary<string, TaskBinding>.Empty.Add("slow", Binding("GET", Server.Url("slow")) with { Name = "slow" }), ".");
        var f = Assert.IsType<TaskResult.Failure>(await executor.RunAsync(catalog, Context() with { TaskName = "slow" }, TimeSpan.FromMilliseconds(300), default));
        Assert.Equal("TimedOut", f.Error.Code);
    }

    [Fact]
    public async Task RunAsync_HeaderReadingASecretFails_TheErrorNeverQuotesTheSecret()
    {
        var b = Binding("GET", Server.Url("echo/x"), headers: new() { ["X-Key"] = "${number(secrets.API_KEY)}" }) with { Secrets = ["API_KEY"] };
        var settings = new Dictionary<string, string?> { ["API_KEY"] = "s3cret-value", [Core.Definitions.SettingNames.SecretsAllowSetting] = "API_KEY" };

        var r = Assert.IsType<TaskResult.Failure>(await _runner.RunAsync(b, Context() with { AppSetting = n => settings.GetValueOrDefault(n) }, default));

        Assert.Equal(("ExpressionError", false), (r.Error.Code, r.Retryable));
        Assert.DoesNotContain("s3cret-value", r.Error.Message, StringComparison.Ordinal);
        Assert.Contains("***", r.Error.Message, StringComparison.Ordinal);
    }
}
