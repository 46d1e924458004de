using System.Text.Json.Nodes;
using Azure;
using Azure.Messaging;
using Azure.Messaging.EventGrid;
using Baton.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

using Baton.Hosts.Testing;

namespace Baton.ControlPlane.Tests.Routes;

/// <summary>The base of the task-event suites: a loopback service that gets .triggered CloudEvents (and, unless told to keep
/// silent, answers on the events route with the real Event Grid client), a catalog binding a task to it, and a workflow.</summary>
public abstract class EventServiceSuite : ApiSuite
{
    /// <summary>Where services send task events: the one route of every host (the Event Grid-style alias is serve's).</summary>
    private protected const string Webhook = "/api/events";
    private readonly List<JsonObject> _triggered = [];

    /// <summary>The .triggered events the service got.</summary>
    private protected List<JsonObject> Triggered => _triggered;

    private LoopbackServer _service = null!;
    private bool _answer = true;

    protected override ApiServerOptions Options => new() { Environment = new Dictionary<string, string?> { ["TOPIC_KEY"] = "service-key", ["BATON_SECRETS_ALLOW"] = "TOPIC_KEY" } };

    protected override async Task SetUpAsync()
    {
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
        await Server.JsonAsync(HttpMethod.Post, "/api/catalogs", ApiServer.AdminKey, $$"""
            apiVersion: baton.dev/v1
            kind: Catalog
            metadata: { name: default }
            tasks:
              checknumber: { runner: event, endpoint: "{{_service.Url("events")}}", key_setting: TOPIC_KEY, allow_private_network: true }
            """, 201);
        await Server.UploadAsync(ApiServer.Workflow("lookup", """
              steps:
                - { id: check, task: checknumber, input: { phone: "${input.phone}" }, timeout: 1m }
              output:
                mapping: { valid: "${steps.check.output.valid}" }
            """));
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await _service.DisposeAsync();
    }

    /// <summary>The Event Grid client a service uses: on serve with the key as aeg-sas-key; the Functions host reads keys only
    /// from x-functions-key or ?code=, so there the key goes in the URL, as in an Event Grid subscription's endpoint.</summary>
    private protected EventGridPublisherClient Publisher() => new(
        new Uri(Server.Client.BaseAddress!, Server.Kind == ApiHostKind.Serve ? Webhook : $"{Webhook}?code={ApiServer.FunctionKey}"),
        new AzureKeyCredential(Server.Kind == ApiHostKind.Serve ? ApiServer.FunctionKey : "unused"));

    /// <summary>What shows that nothing changed for an instance: its engine history's length.</summary>
    private protected async Task<string> FootprintAsync(string id) =>
        $"{(await Server.JsonAsync(HttpMethod.Get, $"/api/instances/{id}/history", expect: 200))["events"]!.AsArray().Count} events";

    /// <summary>What a service in any language does: says it started, then that it finished, through Event Grid's client.</summary>
    private async Task AnswerAsync(JsonObject triggered)
    {
        var client = Publisher();
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

    private protected Task<JsonNode> WaitForStatusAsync(string id, string status) => Server.WaitForAsync(id, status);

    private protected Task WaitForStepAsync(string id, string status) =>
        Server.PollAsync($"/api/instances/{id}", s => s["steps"] is JsonArray { Count: > 0 } steps && steps[0]!["status"]!.GetValue<string>() == status,
            $"the first step of {id} to be {status}");

    private protected async Task<JsonObject> StartSilentAsync(string id)
    {
        _answer = false;
        await Server.JsonAsync(HttpMethod.Post, $"/api/workflows/lookup/instances?instanceId={id}", body: """{"phone":"+47"}""", expect: 202);
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

    private protected static string Finished(string id, string subject, string? token, string data = """{"valid":true}""", string type = "checknumber.finished") => new JsonObject
    {
        ["specversion"] = "1.0", ["id"] = id, ["source"] = "/svc", ["type"] = type, ["subject"] = subject, ["batontoken"] = token, ["data"] = JsonNode.Parse(data),
    }.ToJsonString();

    private protected static string Token(JsonObject triggered) => triggered["batontoken"]!.GetValue<string>();
}
