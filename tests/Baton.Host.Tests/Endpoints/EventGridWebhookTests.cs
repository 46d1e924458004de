using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Azure;
using Azure.Messaging;
using Azure.Messaging.EventGrid;
using Baton.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Baton.Host.Tests.Endpoints;

/// <summary>Event tasks through the host: a loopback service gets .triggered CloudEvents and answers on the webhook
/// with the real Event Grid client.</summary>
public sealed class EventGridWebhookTests : IAsyncLifetime
{
    private const string Webhook = "/runtime/webhooks/eventgrid";
    private readonly List<JsonObject> _triggered = [];
    private HostFixture _host = null!;
    private LoopbackServer _service = null!;
    private bool _answer = true;

    public async Task InitializeAsync()
    {
        _host = await HostFixture.StartAsync(env: new Dictionary<string, string?> { ["TOPIC_KEY"] = "service-key", ["BATON_SECRETS_ALLOW"] = "TOPIC_KEY" });
        _service = await LoopbackServer.StartAsync(app => app.MapPost("/events", async (HttpRequest r) =>
        {
            if (r.Headers["aeg-sas-key"] != "service-key")
            {
                return Results.StatusCode(401);
            }
            foreach (var e in JsonNode.Parse(await LoopbackServer.BodyAsync(r))!.AsArray().Cast<JsonObject>())
            {
                lock (_triggered)
                {
                    _triggered.Add(e);
                }
                if (_answer)
                {
                    _ = Task.Run(() => AnswerAsync(e));
                }
            }
            return Results.Ok();
        }));
        await _host.JsonAsync(HttpMethod.Post, "/api/catalogs", HostFixture.AdminKey, $$"""
            apiVersion: baton.dev/v1
            kind: Catalog
            metadata: { name: default }
            tasks:
              checknumber: { runner: event, endpoint: "{{_service.Url("events")}}", key_setting: TOPIC_KEY, allow_private_network: true }
            """, 201);
        await _host.UploadAsync(HostFixture.Workflow("lookup", """
              steps:
                - { id: check, task: checknumber, input: { phone: "${input.phone}" }, timeout: 1m }
              output:
                mapping: { valid: "${steps.check.output.valid}" }
            """));
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _service.DisposeAsync();
    }

    /// <summary>What a service in any language does: says it started, then that it finished, through Event Grid's client.</summary>
    private async Task AnswerAsync(JsonObject triggered)
    {
        var client = new EventGridPublisherClient(new Uri(_host.Client.BaseAddress!, Webhook), new AzureKeyCredential(HostFixture.FunctionKey));
        var task = triggered["type"]!.GetValue<string>().Replace(".triggered", "", StringComparison.Ordinal);
        var id = triggered["id"]!.GetValue<string>();
        var token = triggered["batontoken"]!.GetValue<string>();
        var started = new CloudEvent("/phone-checker", task + ".started", new { worker = "w1" }) { Subject = id };
        started.ExtensionAttributes["batontoken"] = token;
        await client.SendEventAsync(started);
        var finished = new CloudEvent("/phone-checker", task + ".finished", new { status = "succeeded", result = "pass", valid = true });
        finished.ExtensionAttributes["triggeredid"] = id;
        finished.ExtensionAttributes["batontoken"] = token;
        await client.SendEventAsync(finished);
    }

    private async Task<JsonNode> WaitForStatusAsync(string id, string status)
    {
        var final = await _host.JsonAsync(HttpMethod.Get, $"/api/instances/{id}");
        for (var i = 0; i < 400 && final["runtimeStatus"]!.GetValue<string>() != status; i++)
        {
            await Task.Delay(25);
            final = await _host.JsonAsync(HttpMethod.Get, $"/api/instances/{id}");
        }
        Assert.Equal(status, final["runtimeStatus"]!.GetValue<string>());
        return final;
    }

    private async Task WaitForStepAsync(string id, string status)
    {
        for (var i = 0; i < 400; i++)
        {
            if ((await _host.JsonAsync(HttpMethod.Get, $"/api/instances/{id}"))["steps"]?[0]?["status"]?.GetValue<string>() == status)
            {
                return;
            }
            await Task.Delay(25);
        }
        throw new TimeoutException($"The first step of {id} never became {status}.");
    }

    private async Task<JsonObject> StartSilentAsync(string id)
    {
        _answer = false;
        await _host.JsonAsync(HttpMethod.Post, $"/api/workflows/lookup/instances?instanceId={id}", body: """{"phone":"+47"}""", expect: 202);
        for (var i = 0; i < 400; i++)
        {
            lock (_triggered)
            {
                if (_triggered.FirstOrDefault(e => e["batoninstanceid"]!.GetValue<string>() == id) is { } e)
                {
                    return e;
                }
            }
            await Task.Delay(25);
        }
        throw new TimeoutException($"No .triggered event for {id}.");
    }

    private static string Finished(string id, string subject, string? token, string data = """{"valid":true}""", string type = "checknumber.finished") => new JsonObject
    {
        ["specversion"] = "1.0", ["id"] = id, ["source"] = "/svc", ["type"] = type, ["subject"] = subject, ["batontoken"] = token, ["data"] = JsonNode.Parse(data),
    }.ToJsonString();

    private static string Token(JsonObject triggered) => triggered["batontoken"]!.GetValue<string>();

    [Fact]
    public async Task Webhook_ServiceAnswersWithEventGridClient_InstanceCompletesWithItsResult()
    {
        const string traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/workflows/lookup/instances?instanceId=ev-ok&wait=30")
        {
            Content = new StringContent("""{"phone":"+4712345678"}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("x-functions-key", HostFixture.FunctionKey);
        request.Headers.Add("traceparent", $"00-{traceId}-00f067aa0ba902b7-01");
        using var response = await _host.Client.SendAsync(request);
        var status = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.True(response.StatusCode == HttpStatusCode.OK, status.ToJsonString());
        Assert.Equal("Completed", status["runtimeStatus"]!.GetValue<string>());
        Assert.Equal("""{"valid":true}""", status["output"]!.ToJsonString());

        var triggered = Assert.Single(_triggered, e => e["batoninstanceid"]!.GetValue<string>() == "ev-ok");
        Assert.Equal(("checknumber.triggered", "ev-ok/check/1"), (triggered["type"]!.GetValue<string>(), triggered["id"]!.GetValue<string>()));
        Assert.Equal(traceId, triggered["traceparent"]!.GetValue<string>().Split('-')[1]);
        Assert.Equal("+4712345678", triggered["data"]!["phone"]!.GetValue<string>());

        var history = (await _host.JsonAsync(HttpMethod.Get, "/api/instances/ev-ok/history"))["events"]!.AsArray();
        Assert.Equal(["InstanceStarted", "TaskProgressed", "TaskCompleted"], history.Select(e => e!["type"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Webhook_StatusChanged_ShowsAsStepProgress()
    {
        var triggered = await StartSilentAsync("ev-progress");
        var progress = new JsonObject
        {
            ["specversion"] = "1.0", ["id"] = "p1", ["source"] = "/svc", ["type"] = "checknumber.status.changed",
            ["triggeredid"] = triggered["id"]!.GetValue<string>(), ["batontoken"] = Token(triggered), ["data"] = new JsonObject { ["percent"] = 40 },
        }.ToJsonString();
        var answer = await _host.JsonAsync(HttpMethod.Post, Webhook, body: progress, expect: 200);
        Assert.Equal(1, answer["applied"]!.GetValue<int>());
        var step = (await _host.JsonAsync(HttpMethod.Get, "/api/instances/ev-progress"))["steps"]![0]!;
        Assert.Equal(("running", "status.changed", 40), (step["status"]!.GetValue<string>(), step["progress"]!["phase"]!.GetValue<string>(),
            step["progress"]!["data"]!["percent"]!.GetValue<int>()));
    }

    [Fact]
    public async Task Webhook_DuplicateFinished_IsAcknowledgedAndChangesNothing()
    {
        var token = Token(await StartSilentAsync("ev-dup"));
        var first = await _host.JsonAsync(HttpMethod.Post, Webhook, body: Finished("f1", "ev-dup/check/1", token), expect: 200);
        Assert.Equal(1, first["applied"]!.GetValue<int>());
        await WaitForStatusAsync("ev-dup", "Completed");
        var historyBefore = (await _host.JsonAsync(HttpMethod.Get, "/api/instances/ev-dup/history"))["events"]!.AsArray().Count;

        var again = await _host.JsonAsync(HttpMethod.Post, Webhook, body: Finished("f1", "ev-dup/check/1", token, """{"valid":false}"""), expect: 200);
        Assert.Equal(0, again["applied"]!.GetValue<int>());
        Assert.Contains("duplicate or late", again["ignored"]![0]!["reason"]!.GetValue<string>(), StringComparison.Ordinal);
        var after = await _host.JsonAsync(HttpMethod.Get, "/api/instances/ev-dup");
        Assert.Equal("""{"valid":true}""", after["output"]!.ToJsonString());
        Assert.Equal(historyBefore, (await _host.JsonAsync(HttpMethod.Get, "/api/instances/ev-dup/history"))["events"]!.AsArray().Count);
    }

    [Fact]
    public async Task Webhook_BatchWithOneBadEvent_IsRefusedWholeWithReasons()
    {
        var token = Token(await StartSilentAsync("ev-bad"));
        var batch = $"[{Finished("b1", "ev-bad/check/1", token)}, {{\"specversion\":\"1.0\",\"id\":\"b2\",\"type\":\"checknumber.finished\"}}]";
        using var response = await _host.SendAsync(HttpMethod.Post, Webhook, body: batch, contentType: "application/cloudevents-batch+json");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Contains("'source'", problem["errors"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("Running", (await _host.JsonAsync(HttpMethod.Get, "/api/instances/ev-bad"))["runtimeStatus"]!.GetValue<string>());
    }

    [Fact]
    public async Task Webhook_WithoutKey_IsRefusedAndChangesNothing()
    {
        var token = Token(await StartSilentAsync("ev-nokey"));
        using var none = await _host.SendAsync(HttpMethod.Post, Webhook, key: null, body: Finished("n1", "ev-nokey/check/1", token));
        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        using var wrong = await _host.SendAsync(HttpMethod.Post, Webhook, key: "guess", body: Finished("n1", "ev-nokey/check/1", token));
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        var status = await _host.JsonAsync(HttpMethod.Get, "/api/instances/ev-nokey");
        Assert.Equal("Running", status["runtimeStatus"]!.GetValue<string>());
        Assert.Single((await _host.JsonAsync(HttpMethod.Get, "/api/instances/ev-nokey/history"))["events"]!.AsArray());
    }

    [Fact]
    public async Task Webhook_BinaryModeCloudEvent_IsApplied()
    {
        var token = Token(await StartSilentAsync("ev-binary"));
        using var request = new HttpRequestMessage(HttpMethod.Post, Webhook)
        {
            Content = new StringContent("""{"valid":true}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("x-functions-key", HostFixture.FunctionKey);
        foreach (var (name, value) in new[] { ("ce-specversion", "1.0"), ("ce-id", "bin-1"), ("ce-source", "/svc"), ("ce-type", "checknumber.finished"), ("ce-subject", "ev-binary/check/1"), ("ce-batontoken", token) })
        {
            request.Headers.Add(name, value);
        }
        using var response = await _host.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var final = await WaitForStatusAsync("ev-binary", "Completed");
        Assert.Equal("""{"valid":true}""", final["output"]!.ToJsonString());
    }

    [Fact]
    public async Task Webhook_EventGridSchemaReport_IsApplied()
    {
        var token = Token(await StartSilentAsync("ev-egschema"));
        var client = new EventGridPublisherClient(new Uri(_host.Client.BaseAddress!, Webhook), new AzureKeyCredential(HostFixture.FunctionKey));
        await client.SendEventAsync(new EventGridEvent("ev-egschema/check/1", "checknumber.finished", "1.0", new { status = "errored", message = "upstream down", retryable = false, batontoken = token }));
        var final = await WaitForStatusAsync("ev-egschema", "Failed");
        Assert.Contains("upstream down", final["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        var history = (await _host.JsonAsync(HttpMethod.Get, "/api/instances/ev-egschema/history")).ToJsonString();
        Assert.DoesNotContain(token, history, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Webhook_FinishedForAProcessOrFunctionStep_IsRefusedAndTheStepKeepsRunning()
    {
        await _host.UploadAsync(HostFixture.Workflow("slow", """
              steps:
                - { id: nap, task: sleep, input: { duration: 1m } }
            """));
        await _host.JsonAsync(HttpMethod.Post, "/api/workflows/slow/instances?instanceId=ev-forged", body: "{}", expect: 202);
        await WaitForStepAsync("ev-forged", "running");
        foreach (var (type, token) in new[] { ("anything.finished", null), ("sleep.finished", "forged-token"), ("checknumber.finished", "x") })
        {
            using var response = await _host.SendAsync(HttpMethod.Post, Webhook,
                body: Finished("forged-" + type, "ev-forged/nap/1", token, """{"stolen":true}""", type));
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        }
        var status = await _host.JsonAsync(HttpMethod.Get, "/api/instances/ev-forged");
        Assert.Equal(("Running", "running"), (status["runtimeStatus"]!.GetValue<string>(), status["steps"]![0]!["status"]!.GetValue<string>()));
        Assert.Single((await _host.JsonAsync(HttpMethod.Get, "/api/instances/ev-forged/history"))["events"]!.AsArray());
        await _host.JsonAsync(HttpMethod.Post, "/api/instances/ev-forged/terminate", body: "{}", expect: 202);
    }

    [Fact]
    public async Task Webhook_ReportWithAnotherTypeOrAttemptsToken_IsRefusedAndChangesNothing()
    {
        var token = Token(await StartSilentAsync("ev-wrongtype"));
        var other = Token(await StartSilentAsync("ev-other"));
        foreach (var (subject, t, type) in new[]
        {
            ("ev-wrongtype/check/1", token, "other.finished"),       // the right token, but another task's event type
            ("ev-wrongtype/check/1", other, "checknumber.finished"), // another attempt's token
            ("ev-wrongtype/check/1", (string?)null, "checknumber.finished"),
        })
        {
            using var response = await _host.SendAsync(HttpMethod.Post, Webhook, body: Finished("w-" + type, subject, t, type: type));
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        }
        Assert.Equal("Running", (await _host.JsonAsync(HttpMethod.Get, "/api/instances/ev-wrongtype"))["runtimeStatus"]!.GetValue<string>());
        Assert.Single((await _host.JsonAsync(HttpMethod.Get, "/api/instances/ev-wrongtype/history"))["events"]!.AsArray());
    }

    [Fact]
    public async Task Webhook_SubscriptionValidation_EchoesTheCode()
    {
        var validation = """[{"id":"v1","topic":"/subscriptions/x","subject":"","eventType":"Microsoft.EventGrid.SubscriptionValidationEvent","eventTime":"2026-11-25T00:00:00Z","dataVersion":"1","data":{"validationCode":"512d38b6-c7b8-40c8-89fe-f46f9e9622b6"}}]""";
        var answer = await _host.JsonAsync(HttpMethod.Post, Webhook, body: validation, expect: 200);
        Assert.Equal("512d38b6-c7b8-40c8-89fe-f46f9e9622b6", answer["validationResponse"]!.GetValue<string>());
    }

    [Fact]
    public async Task Webhook_CloudEventsHandshake_AllowsTheOrigin()
    {
        using var request = new HttpRequestMessage(HttpMethod.Options, Webhook);
        request.Headers.Add("x-functions-key", HostFixture.FunctionKey);
        request.Headers.Add("WebHook-Request-Origin", "eventemitter.example.com");
        using var response = await _host.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("eventemitter.example.com", response.Headers.GetValues("WebHook-Allowed-Origin").Single());
    }
}
