using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Baton.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Baton.Cli.Tests.Recovery;

/// <summary>`baton serve` killed with SIGKILL while an event task waits for its service, then started again on the same store.</summary>
public sealed class EventTaskCrashTests : IAsyncLifetime, IDisposable
{
    private const string Admin = "crash-admin-key";
    private const string Function = "crash-function-key";
    private readonly TempDirectory _dir = new();
    private readonly Dictionary<string, string> _env = new() { ["BATON_ADMIN_KEY"] = Admin, ["BATON_FUNCTION_KEY"] = Function, ["CHECKER_KEY"] = "k", ["BATON_SECRETS_ALLOW"] = "CHECKER_KEY" };
    private readonly List<string> _triggered = [];
    private readonly Dictionary<string, string> _tokens = [];
    private readonly HttpClient _http = new();
    private LoopbackServer _service = null!;

    public async Task InitializeAsync() => _service = await LoopbackServer.StartAsync(app => app.MapPost("/events", async (HttpRequest r) =>
    {
        foreach (var e in JsonNode.Parse(await LoopbackServer.BodyAsync(r))!.AsArray())
        {
            lock (_triggered)
            {
                _triggered.Add(e!["id"]!.GetValue<string>());
                _tokens[e["id"]!.GetValue<string>()] = e["batontoken"]!.GetValue<string>();
            }
        }
        return Results.Ok();
    }));

    public async Task DisposeAsync() => await _service.DisposeAsync();

    public void Dispose()
    {
        _http.Dispose();
        _dir.Dispose();
    }

    private async Task<JsonNode> SendAsync(HttpMethod method, string url, string key, string? body = null, HttpStatusCode expect = HttpStatusCode.OK)
    {
        using var request = new HttpRequestMessage(method, url) { Content = body is null ? null : new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("x-functions-key", key);
        using var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expect, $"{method} {url}: {(int)response.StatusCode} {text}");
        return text.Length == 0 ? new JsonObject() : JsonNode.Parse(text)!;
    }

    /// <summary>A report as the service would send it, with the reply token its .triggered event carried (the same after the restart).</summary>
    private string Report(string type, string triggeredId, string data)
    {
        string token;
        lock (_triggered)
        {
            token = _tokens[triggeredId];
        }
        return $$"""{"specversion":"1.0","id":"{{type}}-1","source":"/svc","type":"checknumber.{{type}}","triggeredid":"{{triggeredId}}","batontoken":"{{token}}","data":{{data}}}""";
    }

    private async Task UntilAsync(Func<int, bool> condition)
    {
        for (var i = 0; i < 300; i++)
        {
            lock (_triggered)
            {
                if (condition(_triggered.Count))
                {
                    return;
                }
            }
            await Task.Delay(50);
        }
        throw new TimeoutException("The service never received the expected .triggered events.");
    }

    [Fact]
    public async Task Serve_KilledWhileEventTaskWaits_RedeliversOnceUnacknowledgedAndCompletesOnce()
    {
        var first = await ServeProcess.StartAsync(_dir.Path, _env);
        await SendAsync(HttpMethod.Post, $"{first.Url}/api/definitions", Admin, File.ReadAllText(Path.Combine(RepoPaths.Root, "examples", "phone-check", "workflow.yaml")), HttpStatusCode.Created);
        await SendAsync(HttpMethod.Post, $"{first.Url}/api/catalogs", Admin, $$"""
            apiVersion: baton.dev/v1
            kind: Catalog
            metadata: { name: default }
            tasks:
              checknumber: { runner: event, endpoint: "{{_service.Url("events")}}", key_setting: CHECKER_KEY, allow_private_network: true }
            """, HttpStatusCode.Created);
        await SendAsync(HttpMethod.Post, $"{first.Url}/api/workflows/phone-check/instances?instanceId=unacked", Function, """{"number":"+4712345678"}""", HttpStatusCode.Accepted);
        await SendAsync(HttpMethod.Post, $"{first.Url}/api/workflows/phone-check/instances?instanceId=acked", Function, """{"number":"+4712345679"}""", HttpStatusCode.Accepted);
        await UntilAsync(n => n >= 2);
        await SendAsync(HttpMethod.Post, $"{first.Url}/runtime/webhooks/eventgrid", Function, Report("started", "acked/check/1", "{}"));
        first.Kill();

        using var second = await ServeProcess.StartAsync(_dir.Path, _env);
        // The attempt nobody acknowledged is handed over again with the same id; the acknowledged one is not.
        await UntilAsync(n => n >= 3);
        await Task.Delay(1000);
        string[] ids;
        lock (_triggered)
        {
            ids = [.. _triggered];
        }
        Assert.Equal(["acked/check/1", "unacked/check/1", "unacked/check/1"], ids.Order(StringComparer.Ordinal));

        foreach (var id in new[] { "unacked", "acked" })
        {
            var done = Report("finished", $"{id}/check/1", """{"status":"succeeded","valid":true,"country":"NO"}""");
            Assert.Equal(1, (await SendAsync(HttpMethod.Post, $"{second.Url}/runtime/webhooks/eventgrid", Function, done))["applied"]!.GetValue<int>());
            Assert.Equal(0, (await SendAsync(HttpMethod.Post, $"{second.Url}/runtime/webhooks/eventgrid", Function, done))["applied"]!.GetValue<int>());
            var status = await SendAsync(HttpMethod.Get, $"{second.Url}/api/instances/{id}", Function);
            for (var i = 0; i < 100 && status["runtimeStatus"]!.GetValue<string>() != "Completed"; i++)
            {
                await Task.Delay(50);
                status = await SendAsync(HttpMethod.Get, $"{second.Url}/api/instances/{id}", Function);
            }
            Assert.Equal("Completed", status["runtimeStatus"]!.GetValue<string>());
            var history = (await SendAsync(HttpMethod.Get, $"{second.Url}/api/instances/{id}/history", Function))["events"]!.AsArray();
            Assert.Single(history, e => e!["type"]!.GetValue<string>() == "TaskCompleted");
        }
    }
}
