using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Baton.Core.Expressions;
using Baton.ControlPlane.Auth;
using Baton.ControlPlane.Http;
using Baton.ControlPlane.Routing;
using Baton.Runtime.Registration;
using Microsoft.AspNetCore.Http;
using Baton.Abstractions;

namespace Baton.ControlPlane.Routes;

/// <summary>Keptn shipyards on a server: uploading one registers each sequence as the workflow
/// <c>&lt;stage&gt;.&lt;sequence&gt;</c>, and Keptn's <c>sh.keptn.event.&lt;stage&gt;.&lt;sequence&gt;.triggered</c>
/// CloudEvents start them.</summary>
/// <remarks>An event's instance id is <c>keptn-</c> and a hash of its CloudEvent <c>source</c> and <c>id</c> (what makes an
/// event unique), so an event delivered twice is acknowledged and starts nothing more, and no event can be taken for a
/// duplicate because its id happens to equal another instance's id. A batch is checked whole first: one malformed event, or
/// one naming a sequence nobody registered, refuses the batch (400 or 404) and starts nothing. As in Keptn's API,
/// <c>data</c> must give <c>project</c>, <c>stage</c> and <c>service</c>, and its stage must be the type's. A batch holds
/// at most 100 events.</remarks>
internal static partial class ShipyardRoutes
{
    [GeneratedRegex(@"^sh\.keptn\.event\.([^.]+)\.([^.]+)\.triggered$", RegexOptions.CultureInvariant)]
    private static partial Regex SequenceTriggered();

    public static IEnumerable<ApiRoute> All =>
    [
        new("UploadShipyard", "POST", "api/shipyards", AuthLevel.Admin, "Shipyards",
            "Registers every sequence of a Keptn shipyard as the workflow <stage>.<sequence> (admin).", UploadAsync),
        new("TriggerKeptnSequences", "POST", "api/keptn/events", AuthLevel.Function, "Shipyards",
            "Starts sequences from sh.keptn.event.<stage>.<sequence>.triggered CloudEvents (one, or a batch).", TriggerAsync),
    ];

    private static async Task<IResult> UploadAsync(ApiCall c)
    {
        var (r, cp, ct) = (c.Request, c.Operations, c.Aborted);
        var text = await Body.ReadTextAsync(r, ct).ConfigureAwait(false);
        var fileName = Query.One(r, "fileName") ?? "shipyard.yaml";
        var sequences = ShipyardUploads.Read(text, fileName)
            ?? throw new BadRequestException("not-a-shipyard", "The body is not a Keptn shipyard.", "Send shipyard.yaml text: apiVersion: spec.keptn.sh/0.2.x, kind: Shipyard.");
        var entries = await ShipyardUploads.RegisterAsync(cp.Registry, sequences, ct).ConfigureAwait(false);
        return TypedResults.Json(new JsonObject
        {
            ["sequences"] = new JsonArray([.. entries.Select(e => (JsonNode?)new JsonObject
            {
                ["name"] = e.Name,
                ["version"] = e.Version,
                ["hash"] = e.Hash,
                ["active"] = e.Active,
            })]),
        }, statusCode: StatusCodes.Status201Created);
    }

    /// <summary>The most events one request may carry.</summary>
    private const int MaxBatch = 100;

    private sealed record Trigger(string Id, string Source, string Type, string Workflow, JsonObject Data)
    {
        /// <summary>The instance an event starts: the same for the same event, from the same source, every time.</summary>
        public string InstanceId => "keptn-" + ContentHash.Of(Source + "\n" + Id)[..32];
    }

    private static async Task<IResult> TriggerAsync(ApiCall c)
    {
        var (r, cp, ct) = (c.Request, c.Operations, c.Aborted);
        var body = await Body.ReadJsonAsync(r, ct).ConfigureAwait(false);
        var events = body switch
        {
            JsonArray batch => [.. batch],
            JsonObject one => new List<JsonNode?> { one },
            _ => throw new BadRequestException("bad-event", "The body is not a CloudEvent.", "Send a CloudEvent 1.0 in structured JSON mode, or an array of them."),
        };
        if (events.Count > MaxBatch)
        {
            throw new BadRequestException("batch-too-large", $"A batch holds at most {MaxBatch} events.", $"This one holds {events.Count}; send them in batches of {MaxBatch} or fewer.");
        }
        var problems = new List<string>();
        var triggers = new List<Trigger>();
        for (var i = 0; i < events.Count; i++)
        {
            if (Read(events[i], out var trigger) is { } problem)
            {
                problems.Add($"event {i}: {problem}");
            }
            else
            {
                triggers.Add(trigger!);
            }
        }
        if (problems.Count > 0 || triggers.Count == 0)
        {
            return Problems.Create(StatusCodes.Status400BadRequest, "bad-event", "The events were refused; no sequence was started.",
                problems.Count == 0 ? "The batch is empty." : string.Join(" ", problems), new Dictionary<string, object?> { ["errors"] = problems });
        }
        var catalog = Query.One(r, "catalog");
        foreach (var t in triggers)
        {
            // Every sequence must exist before any starts: a refused batch starts nothing.
            await cp.ResolveAsync(t.Workflow, null, catalog, ct).ConfigureAwait(false);
        }
        var started = new JsonArray();
        foreach (var t in triggers)
        {
            var instanceId = t.InstanceId;
            var duplicate = false;
            try
            {
                await cp.StartAsync(t.Workflow, null, catalog, instanceId, t.Data, r.Headers["traceparent"].FirstOrDefault(), ct).ConfigureAwait(false);
            }
            catch (InstanceExistsException)
            {
                duplicate = true;
            }
            started.Add(new JsonObject { ["id"] = t.Id, ["type"] = t.Type, ["sequence"] = t.Workflow, ["instanceId"] = instanceId, ["duplicate"] = duplicate });
        }
        return TypedResults.Json(new JsonObject { ["started"] = started }, statusCode: StatusCodes.Status202Accepted);
    }

    private static string? Read(JsonNode? node, out Trigger? trigger)
    {
        trigger = null;
        if (node is not JsonObject e)
        {
            return "not a CloudEvent object.";
        }
        if (Values.Text(e["specversion"]) != "1.0")
        {
            return "'specversion' must be \"1.0\".";
        }
        if (e["id"] is not JsonValue idNode || Values.Text(idNode) is not { Length: > 0 and <= 256 } id)
        {
            return "'id' must be a non-empty string of up to 256 characters.";
        }
        if (e["source"] is not JsonValue sourceNode || Values.Text(sourceNode) is not { Length: > 0 and <= 1024 } source)
        {
            return "'source' must be a non-empty string of up to 1024 characters.";
        }
        var type = Values.Text(e["type"]);
        if (SequenceTriggered().Match(type) is not { Success: true } m)
        {
            return $"'type' ('{type}') is not sh.keptn.event.<stage>.<sequence>.triggered.";
        }
        if (e["data"] is not JsonObject data)
        {
            return "'data' must be an object with project, stage and service.";
        }
        foreach (var key in new[] { "project", "stage", "service" })
        {
            if (data[key] is not JsonValue v || Values.Text(v).Length == 0)
            {
                return $"'data.{key}' is required.";
            }
        }
        if (Values.Text(data["stage"]) != m.Groups[1].Value)
        {
            return $"the stage in 'data' ('{Values.Text(data["stage"])}') is not the stage in 'type' ('{m.Groups[1].Value}').";
        }
        trigger = new Trigger(id, source, type, $"{m.Groups[1].Value}.{m.Groups[2].Value}", (JsonObject)data.DeepClone());
        return null;
    }
}
