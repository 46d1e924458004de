using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Storage.Blobs;
using Baton.Durable;
using Baton.Runtime.Data;
using Baton.Runtime.Hub;
using Baton.Runtime.Runners;
using Baton.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.DurableTask.Testing;
using Microsoft.Extensions.Logging;

namespace Baton.Functions.Tests;

/// <summary>The function app's functions called as the host calls them: Blob storage on Azurite, and a real Durable
/// Task sidecar (in-process) standing in for the Functions host's Durable extension.</summary>
public sealed class FunctionCodeTests : IAsyncLifetime
{
    private readonly List<JsonObject> _triggered = [];
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> _calls = new(StringComparer.Ordinal);
    private BlobDefinitionStore _store = null!;
    private Runtime.Store.Registry _registry = null!;
    private HubSecrets _secrets = null!;
    private PlanCache _plans = null!;
    private FunctionRegistry _functions = null!;
    private BlobClaimCheck _data = null!;
    private DurableTaskTestHost _host = null!;
    private LoopbackServer _service = null!;

    public async Task InitializeAsync()
    {
        var container = new BlobContainerClient(await Azurite.ConnectionStringAsync(), "fn-" + Guid.NewGuid().ToString("N")[..12]);
        _store = new BlobDefinitionStore(container, TimeProvider.System);
        _registry = new Runtime.Store.Registry(_store, TimeProvider.System);
        await _store.EnsureAsync(default);
        _secrets = new HubSecrets(_store);
        _plans = new PlanCache(_store.GetDefinitionAsync);
        _data = new BlobClaimCheck(container);
        _functions = FunctionRegistry.WithBuiltIns(TimeProvider.System)
            .Register("fails-first", ctx => _calls.AddOrUpdate(ctx.InstanceId, 1, (_, n) => n + 1) == 1
                ? throw new InvalidOperationException("the first call fails")
                : new JsonObject { ["calls"] = _calls[ctx.InstanceId] });
        var executor = TaskExecutor.Standard(_functions, name => name switch { "TOPIC_KEY" => "k", "BATON_SECRETS_ALLOW" => "TOPIC_*", _ => null });
        var tokens = await _secrets.ReplyTokensAsync();
        _host = await DurableTaskTestHost.StartAsync(r => r.AddBaton(() => new TaskActivity(executor, _plans, tokens, _data)),
            new DurableTaskTestHostOptions { Port = Ports.Free(), LoggerFactory = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Warning)) });
        _service = await LoopbackServer.StartAsync(app => app.MapPost("/events", async (HttpRequest r) =>
        {
            foreach (var e in JsonNode.Parse(await LoopbackServer.BodyAsync(r))!.AsArray().Cast<JsonObject>())
            {
                lock (_triggered)
                {
                    _triggered.Add(e);
                }
            }
            return Results.Ok();
        }));
    }

    public async Task DisposeAsync()
    {
        await _service.DisposeAsync();
        await _host.DisposeAsync();
        await _store.Container.DeleteIfExistsAsync();
    }

    private static HttpRequest Request(string method, string body, params (string Name, string Value)[] headers)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = method;
        context.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(body));
        foreach (var (name, value) in headers)
        {
            context.Request.Headers[name] = value;
        }
        return context.Request;
    }

    private static (int Status, JsonNode? Body) Read(IActionResult result)
    {
        var o = Assert.IsAssignableFrom<ObjectResult>(result);
        return (o.StatusCode ?? 200, o.Value is null ? null : JsonSerializer.SerializeToNode(o.Value));
    }

    private async Task<JsonObject> TriggeredAsync()
    {
        for (var i = 0; i < 400; i++)
        {
            lock (_triggered)
            {
                if (_triggered.Count > 0)
                {
                    return _triggered[0];
                }
            }
            await Task.Delay(25);
        }
        throw new TimeoutException("No .triggered event arrived.");
    }

    [Fact]
    public async Task Upload_ValidThenConflictingThenInvalid_RegistersOnceAndExplainsTheRest()
    {
        var fn = new DefinitionFunctions(_registry);
        var workflow = TestDefinitions.Workflow("up", "  steps:\n    - { id: a, task: echo }\n").Content;
        var (status, body) = Read(await fn.UploadDefinitionAsync(Request("POST", workflow), default));
        Assert.Equal((201, "up", "1"), (status, body!["name"]!.GetValue<string>(), body["version"]!.GetValue<string>()));
        Assert.Equal(workflow, (await _registry.ResolveAsync("workflow", "up", null, default)).Definition!.Content);

        var (conflict, _) = Read(await fn.UploadDefinitionAsync(Request("POST", workflow.Replace("task: echo", "task: noop", StringComparison.Ordinal)), default));
        Assert.Equal(409, conflict);
        var (bad, problem) = Read(await fn.UploadDefinitionAsync(Request("POST", workflow.Replace("steps:", "stepz:", StringComparison.Ordinal)), default));
        Assert.Equal(400, bad);
        Assert.Equal("https://baton.dev/problems/invalid-definition", problem!["type"]!.GetValue<string>());
        Assert.Equal(workflow, (await _registry.ResolveAsync("workflow", "up", null, default)).Definition!.Content);
    }

    [Fact]
    public async Task TaskEvents_ServiceAnswersWithItsToken_InstanceCompletesAndForgeriesAreRefused()
    {
        var (client, id, triggered) = await StartEventTaskAsync("check", "{ valid: \"${steps.check.output.valid}\" }", "fn-ev");
        var events = new TaskEventFunctions(_secrets, _store, _plans, _functions, _data);

        string Finished(string? token, string type = "check.finished") => FinishedEvent(triggered, type, token, new JsonObject { ["valid"] = true });

        Assert.Equal(403, Read(await events.ReceiveAsync(Request("POST", Finished(null)), _host.Client, default)).Status);
        Assert.Equal(403, Read(await events.ReceiveAsync(Request("POST", Finished(triggered["batontoken"]!.GetValue<string>(), "other.finished")), _host.Client, default)).Status);
        Assert.Equal(400, Read(await events.ReceiveAsync(Request("POST", """{"specversion":"1.0"}"""), _host.Client, default)).Status);
        Assert.Equal(Core.Engine.InstanceStatus.Running, InstanceStatus(await client.GetAsync(id, default)));

        var (status, body) = Read(await events.ReceiveAsync(Request("POST", Finished(triggered["batontoken"]!.GetValue<string>())), _host.Client, default));
        Assert.Equal((200, 1), (status, body!["raised"]!.GetValue<int>()));
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var done = await client.WaitForCompletionAsync(id, cts.Token);
        Assert.Equal("""{"valid":true}""", done.Output!.ToJsonString());
    }

    [Fact]
    public async Task TaskEvents_ServiceReportsALargeResult_ItIsClaimCheckedAndGetInstanceReadsItBack()
    {
        var (client, id, triggered) = await StartEventTaskAsync("scan", "{ report: \"${steps.scan.output.report}\", findings: \"${steps.scan.output.findings}\" }", "fn-large");
        var report = new string('r', 200_000);
        var finished = FinishedEvent(triggered, "scan.finished", triggered["batontoken"]!.GetValue<string>(), new JsonObject { ["report"] = report, ["findings"] = 3 });

        Assert.Equal(200, Read(await new TaskEventFunctions(_secrets, _store, _plans, _functions, _data).ReceiveAsync(Request("POST", finished), _host.Client, default)).Status);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await client.WaitForCompletionAsync(id, cts.Token);

        Assert.Single(await _data.ListAsync(id, default));
        var raw = await _host.Client.GetInstanceAsync(id, getInputsAndOutputs: true);
        Assert.True(raw!.SerializedOutput!.Length < 1000, "The orchestration's own output holds a reference, not the report.");
        var (status, body) = Read(await new InstanceFunctions(_store, _registry, _plans, _functions, _data).GetAsync(Request("GET", ""), id, _host.Client, default));
        Assert.Equal(200, status);
        Assert.Equal(report, body!["output"]!["report"]!.GetValue<string>());
        Assert.Equal(3, body["output"]!["findings"]!.GetValue<int>());
    }

    [Fact]
    public async Task RewindInstance_FailedThenCompletedThenUnknown_RewindsOnceAndExplainsTheRest()
    {
        var client = new DurableWorkflowClient(_host.Client, _store, _plans, _functions.Names, _data);
        var workflow = TestDefinitions.Workflow("rw", "  steps:\n    - { id: x, task: fails-first }\n  output:\n    mapping: \"${steps.x.output}\"\n");
        var id = await client.StartAsync(new StartRequest(workflow, null, null, "fn-rewind"), default);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        Assert.Equal(Core.Engine.InstanceStatus.Failed, (await client.WaitForCompletionAsync(id, cts.Token)).Status);
        var fn = new InstanceFunctions(_store, _registry, _plans, _functions, _data);

        Assert.Equal(202, Read(await fn.RewindAsync(Request("POST", ""), id, _host.Client, default)).Status);
        for (var i = 0; i < 400 && (await client.GetAsync(id, default))!.Status != Core.Engine.InstanceStatus.Completed; i++)
        {
            await Task.Delay(25);
        }
        Assert.Equal("""{"calls":2}""", (await client.GetAsync(id, default))!.Output!.ToJsonString());

        var (notFailed, problem) = Read(await fn.RewindAsync(Request("POST", ""), id, _host.Client, default));
        Assert.Equal((409, "https://baton.dev/problems/not-failed"), (notFailed, problem!["type"]!.GetValue<string>()));
        Assert.Equal(404, Read(await fn.RewindAsync(Request("POST", ""), "no-such-instance", _host.Client, default)).Status);
    }

    [Fact]
    public async Task TaskEvents_Handshakes_AreAnswered()
    {
        var events = new TaskEventFunctions(_secrets, _store, _plans, _functions, _data);
        var options = Request("OPTIONS", "", ("WebHook-Request-Origin", "eventgrid.azure.net"));
        Assert.IsType<OkResult>(await events.ReceiveAsync(options, _host.Client, default));
        Assert.Equal("eventgrid.azure.net", options.HttpContext.Response.Headers["WebHook-Allowed-Origin"].ToString());
        var validation = """[{"id":"v","subject":"","eventType":"Microsoft.EventGrid.SubscriptionValidationEvent","dataVersion":"1","data":{"validationCode":"abc-123"}}]""";
        var (status, body) = Read(await events.ReceiveAsync(Request("POST", validation), _host.Client, default));
        Assert.Equal((200, "abc-123"), (status, body!["validationResponse"]!.GetValue<string>()));
    }

    /// <summary>Starts a one-step workflow whose task is handed to the loopback event service, and waits for its <c>.triggered</c> event.</summary>
    private async Task<(DurableWorkflowClient Client, string Id, JsonObject Triggered)> StartEventTaskAsync(string task, string outputMapping, string id)
    {
        var catalog = TestDefinitions.Catalog($"  {task}: {{ runner: event, endpoint: \"{_service.Url("events")}\", key_setting: TOPIC_KEY, allow_private_network: true }}\n");
        var workflow = TestDefinitions.Workflow(task, $"  steps:\n    - {{ id: {task}, task: {task}, timeout: 1m }}\n  output:\n    mapping: {outputMapping}\n");
        var client = new DurableWorkflowClient(_host.Client, _store, _plans, _functions.Names, _data);
        var started = await client.StartAsync(new StartRequest(workflow, catalog, null, id), default);
        return (client, started, await TriggeredAsync());
    }

    private static string FinishedEvent(JsonObject triggered, string type, string? token, JsonObject data) => new JsonObject
    {
        ["specversion"] = "1.0", ["id"] = Guid.NewGuid().ToString(), ["source"] = "/svc", ["type"] = type,
        ["triggeredid"] = triggered["id"]!.GetValue<string>(), ["batontoken"] = token, ["data"] = data,
    }.ToJsonString();

    private static Core.Engine.InstanceStatus InstanceStatus(DurableInstance? i) => i!.Status;
}
