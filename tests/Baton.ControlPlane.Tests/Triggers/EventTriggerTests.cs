using System.Text.Json.Nodes;
using Baton.Hosts.Testing;

namespace Baton.ControlPlane.Tests.Triggers;

/// <summary>Event triggers on both hosts: CloudEvents and Event Grid events posted to the event webhook start the workflows
/// whose triggers they match, once per event however often it is delivered; others are acknowledged with the reason.</summary>
public abstract class EventTriggerTests : ApiSuite
{
    private const string Flow = """
          input: { schema: { type: object, required: [order], properties: { order: { type: integer } } } }
          triggers:
            - id: placed
              event: { type: shop.order.placed, subject: "/orders/*", data: { region: eu } }
              input: { order: "${trigger.event.data.order}", from: "${trigger.event.source}" }
          steps:
            - { id: a, task: echo, input: "${input}" }
          output: { mapping: "${steps.a.output}" }
        """;

    protected override Task SetUpAsync() => Server.UploadAsync(ApiServer.Workflow("shop", Flow));

    private static JsonObject CloudEvent(string id, string region, string subject = "/orders/17", int order = 17) => new()
    {
        ["specversion"] = "1.0", ["id"] = id, ["source"] = "/shop/web", ["type"] = "shop.order.placed", ["subject"] = subject,
        ["data"] = new JsonObject { ["order"] = order, ["region"] = region },
    };

    [Fact]
    public async Task Webhook_MatchingEvent_StartsItsWorkflowOnceAndAcknowledgesTheRest()
    {
        var batch = new JsonArray(CloudEvent("o-1", "eu"), CloudEvent("o-2", "us"), CloudEvent("o-3", "eu", subject: "/invoices/1"));

        var answer = await Server.JsonAsync(HttpMethod.Post, "/api/events", body: batch.ToJsonString(), expect: 200);
        var again = await Server.JsonAsync(HttpMethod.Post, "/api/events", body: new JsonArray(CloudEvent("o-1", "eu")).ToJsonString(), expect: 200);

        var lines = answer["triggered"]!.AsArray();
        Assert.Equal([true, false, false], lines.Select(l => l!["started"]!.GetValue<bool>()));
        var instanceId = lines[0]!["instanceId"]!.GetValue<string>();
        Assert.StartsWith("shop:placed:", instanceId, StringComparison.Ordinal);
        Assert.Equal(instanceId, again["triggered"]![0]!["instanceId"]!.GetValue<string>());
        Assert.False(again["triggered"]![0]!["started"]!.GetValue<bool>());
        var done = await Server.WaitForAsync(instanceId, "Completed");
        Assert.Equal("""{"order":17,"from":"/shop/web"}""", done["output"]!.ToJsonString());
        var listed = await Server.JsonAsync(HttpMethod.Get, "/api/instances?name=shop", expect: 200);
        Assert.Single(listed["instances"]!.AsArray());
    }

    [Fact]
    public async Task Webhook_EventGridSchemaEvent_StartsItsWorkflow()
    {
        var grid = new JsonArray(new JsonObject
        {
            ["id"] = "g-1", ["topic"] = "/subscriptions/x/resourceGroups/y/providers/Microsoft.EventGrid/topics/shop", ["subject"] = "/orders/5",
            ["eventType"] = "shop.order.placed", ["eventTime"] = "2026-12-07T10:00:00Z", ["dataVersion"] = "1",
            ["data"] = new JsonObject { ["order"] = 5, ["region"] = "eu" },
        });

        var answer = await Server.JsonAsync(HttpMethod.Post, "/api/events", body: grid.ToJsonString(), expect: 200);

        var line = Assert.Single(answer["triggered"]!.AsArray())!;
        Assert.True(line["started"]!.GetValue<bool>());
        var done = await Server.WaitForAsync(line["instanceId"]!.GetValue<string>(), "Completed");
        Assert.Equal(5, done["output"]!["order"]!.GetValue<int>());
    }

    [Fact]
    public async Task Webhook_EventWhoseInputDoesNotFit_IsAcknowledgedWithTheReason()
    {
        var odd = CloudEvent("o-9", "eu");
        odd["data"]!.AsObject().Remove("order");

        var answer = await Server.JsonAsync(HttpMethod.Post, "/api/events", body: odd.ToJsonString(), expect: 200);

        var line = Assert.Single(answer["triggered"]!.AsArray())!;
        Assert.False(line["started"]!.GetValue<bool>());
        Assert.Contains("input", line["reason"]!.GetValue<string>(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Webhook_NoKey_IsRefusedAndStartsNothing()
    {
        using var refused = await Server.SendAsync(HttpMethod.Post, "/api/events", key: null, body: CloudEvent("o-5", "eu").ToJsonString());

        Assert.Equal(401, (int)refused.StatusCode);
        Assert.Empty((await Server.JsonAsync(HttpMethod.Get, "/api/instances?name=shop", expect: 200))["instances"]!.AsArray());
    }

    public sealed class OnServe : EventTriggerTests
    {
        protected override ApiHostKind Kind => ApiHostKind.Serve;
    }

    public sealed class OnFunctionApp : EventTriggerTests
    {
        protected override ApiHostKind Kind => ApiHostKind.FunctionApp;
    }
}
