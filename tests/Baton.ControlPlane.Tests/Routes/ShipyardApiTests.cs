using System.Net;
using System.Text.Json.Nodes;

using Baton.Hosts.Testing;

namespace Baton.ControlPlane.Tests.Routes;

/// <summary>Keptn shipyards on a server: uploaded once, their sequences started by Keptn's sequence-triggered
/// CloudEvents, duplicates acknowledged, and malformed batches refused whole.</summary>
public abstract class ShipyardApiTests : ApiSuite
{
    private const string Shipyard = """
        apiVersion: spec.keptn.sh/0.2.2
        kind: Shipyard
        metadata: { name: api-test }
        spec:
          stages:
            - name: dev
              sequences:
                - name: delivery
                  tasks: [{ name: echo, properties: { note: deployed } }]
            - name: staging
              sequences:
                - name: delivery
                  triggeredOn: [{ event: dev.delivery.finished }]
                  tasks: [{ name: echo }]
        """;

    protected override async Task SetUpAsync()
    {
        await Server.JsonAsync(HttpMethod.Post, "/api/shipyards", ApiServer.AdminKey, Shipyard, expect: 201);
    }

    private static string Event(string id, string type = "sh.keptn.event.dev.delivery.triggered", string stage = "dev", string? service = "carts", string source = "test") =>
        new JsonObject
        {
            ["specversion"] = "1.0",
            ["id"] = id,
            ["source"] = source,
            ["type"] = type,
            ["data"] = new JsonObject { ["project"] = "shop", ["stage"] = stage, ["service"] = service, ["configurationChange"] = new JsonObject { ["image"] = "carts:2" } },
        }.ToJsonString();

    private static string InstanceOf(string id, string source = "test") => "keptn-" + Baton.Abstractions.ContentHash.Of(source + "\n" + id)[..32];

    private async Task<JsonNode> WaitAsync(string instanceId)
    {
        for (var i = 0; i < 200; i++)
        {
            var status = await Server.JsonAsync(HttpMethod.Get, $"/api/instances/{instanceId}", expect: 200);
            if (status["runtimeStatus"]!.GetValue<string>() is "Completed" or "Failed")
            {
                return status;
            }
            await Task.Delay(50);
        }
        throw new TimeoutException(instanceId);
    }

    [Fact]
    public async Task Upload_Shipyard_RegistersEverySequenceAsAWorkflow()
    {
        var listed = await Server.JsonAsync(HttpMethod.Get, "/api/definitions", ApiServer.AdminKey, expect: 200);

        var names = listed.ToJsonString();
        foreach (var name in new[] { "dev.delivery", "dev.evaluation", "staging.delivery", "staging.evaluation" })
        {
            Assert.Contains($"\"{name}\"", names, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Trigger_SequenceEvent_RunsItAndTheLinkedSequenceWithTheEventData()
    {
        var accepted = await Server.JsonAsync(HttpMethod.Post, "/api/keptn/events", body: Event("evt-1"), expect: 202);
        var id = accepted["started"]![0]!["instanceId"]!.GetValue<string>();
        Assert.Equal(("dev.delivery", false), (accepted["started"]![0]!["sequence"]!.GetValue<string>(), accepted["started"]![0]!["duplicate"]!.GetValue<bool>()));
        Assert.StartsWith("keptn-", id, StringComparison.Ordinal);

        var done = await WaitAsync(id);

        var output = done["output"]!;
        Assert.Equal(("pass", "carts:2", "deployed"), (output["result"]!.GetValue<string>(), output["data"]!["configurationChange"]!["image"]!.GetValue<string>(),
            output["data"]!["echo"]!["note"]!.GetValue<string>()));
        Assert.True(output["triggered"]!["then-staging-delivery"]!["status"]!.GetValue<string>() == "succeeded", done.ToJsonString());
        var staging = await Server.JsonAsync(HttpMethod.Get, $"/api/instances/{id}.then-staging-delivery.1", expect: 200);
        Assert.Equal("staging", staging["output"]!["data"]!["stage"]!.GetValue<string>());
    }

    [Fact]
    public async Task Trigger_SameEventTwice_AcknowledgedAndStartsOnce()
    {
        var first = await Server.JsonAsync(HttpMethod.Post, "/api/keptn/events", body: Event("evt-dup"), expect: 202);
        var again = await Server.JsonAsync(HttpMethod.Post, "/api/keptn/events", body: Event("evt-dup"), expect: 202);

        Assert.True(again["started"]![0]!["duplicate"]!.GetValue<bool>());
        var id = first["started"]![0]!["instanceId"]!.GetValue<string>();
        Assert.Equal(id, again["started"]![0]!["instanceId"]!.GetValue<string>());
        var list = await Server.JsonAsync(HttpMethod.Get, "/api/instances?name=dev.delivery", expect: 200);
        Assert.Single(list["instances"]!.AsArray(), i => i!["instanceId"]!.GetValue<string>() == id);
    }

    [Fact]
    public async Task Trigger_SequenceWithAnUnboundTask_Is400CitingTheConvertedSequence()
    {
        await Server.JsonAsync(HttpMethod.Post, "/api/shipyards", ApiServer.AdminKey, """
            apiVersion: spec.keptn.sh/0.2.2
            kind: Shipyard
            metadata: { name: unbound }
            spec:
              stages:
                - name: prod
                  sequences:
                    - name: rollout
                      tasks: [{ name: deploy }]
            """, expect: 201);

        var problem = await Server.JsonAsync(HttpMethod.Post, "/api/keptn/events", body: Event("unbound-1", "sh.keptn.event.prod.rollout.triggered", "prod"), expect: 400);

        var error = problem["errors"]![0]!;
        Assert.Equal("BTN022", error["code"]!.GetValue<string>());
        Assert.EndsWith("(sequence prod.rollout, converted)", error["file"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await Server.SendAsync(HttpMethod.Get, $"/api/instances/{InstanceOf("unbound-1")}")).StatusCode);
    }

    [Fact]
    public async Task Trigger_EventIdEqualToAnotherInstanceId_StartsItsOwnInstance()
    {
        await Server.UploadAsync(ApiServer.Workflow("other", "  steps:\n    - { id: a, task: echo }\n"));
        await Server.JsonAsync(HttpMethod.Post, "/api/workflows/other/instances?instanceId=taken-id&wait=20", expect: 200);

        var accepted = await Server.JsonAsync(HttpMethod.Post, "/api/keptn/events", body: Event("taken-id"), expect: 202);
        var other = await Server.JsonAsync(HttpMethod.Post, "/api/keptn/events", body: Event("taken-id", source: "another-source"), expect: 202);

        Assert.False(accepted["started"]![0]!["duplicate"]!.GetValue<bool>());
        Assert.False(other["started"]![0]!["duplicate"]!.GetValue<bool>());
        Assert.NotEqual(accepted["started"]![0]!["instanceId"]!.GetValue<string>(), other["started"]![0]!["instanceId"]!.GetValue<string>());
        Assert.Equal("dev.delivery", (await WaitAsync(accepted["started"]![0]!["instanceId"]!.GetValue<string>()))["name"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("sh.keptn.event.dev.delivery.started", "dev", "carts", "is not sh.keptn.event")]
    [InlineData("sh.keptn.event.deployment.triggered", "dev", "carts", "is not sh.keptn.event")]
    [InlineData("sh.keptn.event.dev.delivery.triggered", "staging", "carts", "is not the stage in 'type'")]
    [InlineData("sh.keptn.event.dev.delivery.triggered", "dev", null, "'data.service' is required")]
    public async Task Trigger_MalformedEventInABatch_RefusesTheBatchAndStartsNothing(string type, string stage, string? service, string reason)
    {
        var batch = $"[{Event("good-1")}, {Event("bad-1", type, stage, service)}]";

        var problem = await Server.JsonAsync(HttpMethod.Post, "/api/keptn/events", body: batch, expect: 400);

        Assert.Contains(reason, problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await Server.SendAsync(HttpMethod.Get, $"/api/instances/{InstanceOf("good-1")}")).StatusCode);
    }

    [Fact]
    public async Task Trigger_UnknownSequenceOrNoKey_RefusedAndStartsNothing()
    {
        var unknown = await Server.JsonAsync(HttpMethod.Post, "/api/keptn/events",
            body: $"[{Event("good-2")}, {Event("bad-2", "sh.keptn.event.dev.remediation.triggered")}]", expect: 404);
        using var anonymous = await Server.SendAsync(HttpMethod.Post, "/api/keptn/events", key: null, body: Event("anon"));

        Assert.Equal("https://baton.dev/problems/workflow-not-found", unknown["type"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Server.SendAsync(HttpMethod.Get, $"/api/instances/{InstanceOf("good-2")}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Server.SendAsync(HttpMethod.Get, $"/api/instances/{InstanceOf("anon")}")).StatusCode);
    }

    [Fact]
    public async Task Trigger_BatchOverOneHundredEvents_RefusedAndStartsNothing()
    {
        var batch = "[" + string.Join(",", Enumerable.Range(0, 101).Select(i => Event($"many-{i}"))) + "]";

        var problem = await Server.JsonAsync(HttpMethod.Post, "/api/keptn/events", body: batch, expect: 400);

        Assert.Equal("https://baton.dev/problems/batch-too-large", problem["type"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, (await Server.SendAsync(HttpMethod.Get, "/api/instances/many-0")).StatusCode);
    }

    [Fact]
    public async Task Upload_InvalidShipyardOrNotOne_IsProblemWithLines()
    {
        var loop = Shipyard.Replace("tasks: [{ name: echo, properties: { note: deployed } }]",
            "triggeredOn: [{ event: staging.delivery.finished }]\n          tasks: [{ name: echo }]", StringComparison.Ordinal);

        var invalid = await Server.JsonAsync(HttpMethod.Post, "/api/shipyards", ApiServer.AdminKey, loop, expect: 400);
        var notOne = await Server.JsonAsync(HttpMethod.Post, "/api/shipyards", ApiServer.AdminKey, ApiServer.Workflow("w", "  steps:\n    - { id: a, task: echo }\n"), expect: 400);
        var functionKey = await Server.SendAsync(HttpMethod.Post, "/api/shipyards", ApiServer.FunctionKey, Shipyard);

        Assert.True(invalid["errors"]!.AsArray().Any(e => e!["code"]!.GetValue<string>() == "BTN086" && e["line"]!.GetValue<int>() > 0), invalid.ToJsonString());
        Assert.Equal("https://baton.dev/problems/not-a-shipyard", notOne["type"]!.GetValue<string>());
        Assert.Equal(Server.WrongLevelStatus, (int)functionKey.StatusCode);
    }

    /// <summary>The suite on <c>baton serve</c> (the embedded hub).</summary>
    public sealed class OnServe : ShipyardApiTests
    {
        protected override ApiHostKind Kind => ApiHostKind.Serve;
    }

    /// <summary>The suite on the function app (the Durable backend).</summary>
    public sealed class OnFunctionApp : ShipyardApiTests
    {
        protected override ApiHostKind Kind => ApiHostKind.FunctionApp;
    }
}
