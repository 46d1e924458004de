using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Azure.Messaging.EventGrid;

using Baton.Hosts.Testing;

namespace Baton.ControlPlane.Tests.Routes;

/// <summary>Event tasks through the host: a loopback service gets .triggered CloudEvents and answers on the events route
/// with the real Event Grid client, in CloudEvents, binary or Event Grid schema, after the subscription handshakes.</summary>
public abstract class EventGridWebhookTests : EventServiceSuite
{
    [Fact]
    public async Task Webhook_ServiceAnswersWithEventGridClient_InstanceCompletesWithItsResult()
    {
        const string traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/workflows/lookup/instances?instanceId=ev-ok&wait=30")
        {
            Content = new StringContent("""{"phone":"+4712345678"}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("x-functions-key", ApiServer.FunctionKey);
        request.Headers.Add("traceparent", $"00-{traceId}-00f067aa0ba902b7-01");
        using var response = await Server.Client.SendAsync(request);
        var status = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.True(response.StatusCode == HttpStatusCode.OK, status.ToJsonString());
        Assert.Equal("Completed", status["runtimeStatus"]!.GetValue<string>());
        Assert.Equal("""{"valid":true}""", status["output"]!.ToJsonString());

        var triggered = Assert.Single(Triggered, e => e["batoninstanceid"]!.GetValue<string>() == "ev-ok");
        Assert.Equal(("checknumber.triggered", "ev-ok/check/1"), (triggered["type"]!.GetValue<string>(), triggered["id"]!.GetValue<string>()));
        Assert.Equal(traceId, triggered["traceparent"]!.GetValue<string>().Split('-')[1]);
        Assert.True(triggered["data"]?["phone"]?.GetValue<string>() == "+4712345678", triggered.ToJsonString());

        var history = (await Server.JsonAsync(HttpMethod.Get, "/api/instances/ev-ok/history"))["events"]!.AsArray();
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
        var answer = await Server.JsonAsync(HttpMethod.Post, Webhook, body: progress, expect: 200);
        Assert.Equal(1, answer["applied"]!.GetValue<int>());
        // Applied when the instance takes the event: at once on the embedded hub, at its next turn on Durable.
        var step = (await Server.PollAsync("/api/instances/ev-progress", s => s["steps"] is JsonArray { Count: > 0 } a && a[0]!["progress"] is not null,
            "the step's progress"))["steps"]![0]!;
        Assert.Equal(("running", "status.changed", 40), (step["status"]!.GetValue<string>(), step["progress"]!["phase"]!.GetValue<string>(),
            step["progress"]!["data"]!["percent"]!.GetValue<int>()));
    }

    [Fact]
    public async Task Webhook_BinaryModeCloudEvent_IsApplied()
    {
        var token = Token(await StartSilentAsync("ev-binary"));
        using var request = new HttpRequestMessage(HttpMethod.Post, Webhook)
        {
            Content = new StringContent("""{"valid":true}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("x-functions-key", ApiServer.FunctionKey);
        foreach (var (name, value) in new[] { ("ce-specversion", "1.0"), ("ce-id", "bin-1"), ("ce-source", "/svc"), ("ce-type", "checknumber.finished"), ("ce-subject", "ev-binary/check/1"), ("ce-batontoken", token) })
        {
            request.Headers.Add(name, value);
        }
        using var response = await Server.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var final = await WaitForStatusAsync("ev-binary", "Completed");
        Assert.Equal("""{"valid":true}""", final["output"]!.ToJsonString());
    }

    [Fact]
    public async Task Webhook_EventGridSchemaReport_IsApplied()
    {
        var token = Token(await StartSilentAsync("ev-egschema"));
        var client = Publisher();
        await client.SendEventAsync(new EventGridEvent("ev-egschema/check/1", "checknumber.finished", "1.0", new { status = "errored", message = "upstream down", retryable = false, batontoken = token }));
        var final = await WaitForStatusAsync("ev-egschema", "Failed");
        Assert.Contains("upstream down", final["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        var recorded = (await Server.JsonAsync(HttpMethod.Get, "/api/instances/ev-egschema/history")).ToJsonString();
        Assert.DoesNotContain(token, recorded, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Webhook_SubscriptionValidation_EchoesTheCode()
    {
        var validation = """[{"id":"v1","topic":"/subscriptions/x","subject":"","eventType":"Microsoft.EventGrid.SubscriptionValidationEvent","eventTime":"2026-11-25T00:00:00Z","dataVersion":"1","data":{"validationCode":"512d38b6-c7b8-40c8-89fe-f46f9e9622b6"}}]""";
        var answer = await Server.JsonAsync(HttpMethod.Post, Webhook, body: validation, expect: 200);
        Assert.Equal("512d38b6-c7b8-40c8-89fe-f46f9e9622b6", answer["validationResponse"]!.GetValue<string>());
    }

    [Fact]
    public async Task Webhook_CloudEventsHandshake_AllowsTheOrigin()
    {
        using var request = new HttpRequestMessage(HttpMethod.Options, Webhook);
        request.Headers.Add("x-functions-key", ApiServer.FunctionKey);
        request.Headers.Add("WebHook-Request-Origin", "eventemitter.example.com");
        using var response = await Server.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("eventemitter.example.com", response.Headers.GetValues("WebHook-Allowed-Origin").Single());
    }

    /// <summary>The suite on <c>baton serve</c> (the embedded hub).</summary>
    public sealed class OnServe : EventGridWebhookTests
    {
        protected override ApiHostKind Kind => ApiHostKind.Serve;

        [Fact]
        public async Task EventGridAlias_Report_IsAppliedAsOnTheEventsRoute()
        {
            var token = Token(await StartSilentAsync("ev-alias"));

            var answer = await Server.JsonAsync(HttpMethod.Post, "/runtime/webhooks/eventgrid", body: Finished("a1", "ev-alias/check/1", token), expect: 200);

            Assert.Equal(1, answer["applied"]!.GetValue<int>());
            Assert.Equal("""{"valid":true}""", (await WaitForStatusAsync("ev-alias", "Completed"))["output"]!.ToJsonString());
        }
    }

    /// <summary>The suite on the function app (the Durable backend).</summary>
    public sealed class OnFunctionApp : EventGridWebhookTests
    {
        protected override ApiHostKind Kind => ApiHostKind.FunctionApp;
    }
}
