using System.Text.Json.Nodes;
using Baton.Host.Http;
using Baton.Runtime.Events;
using Microsoft.AspNetCore.Http;

namespace Baton.Host.Endpoints;

/// <summary>Reads the events of one webhook request in whichever form it came.</summary>
/// <remarks>Binary-mode CloudEvents (<c>ce-*</c> headers, data in the body), structured CloudEvents
/// (<c>application/cloudevents+json</c>), batches (<c>application/cloudevents-batch+json</c> or a JSON array), and
/// Event Grid schema events, told apart by <c>specversion</c> or <c>eventType</c>. An Event Grid subscription
/// validation event yields its validation code instead of events.</remarks>
internal static class IncomingEvents
{
    private const string ValidationEvent = "Microsoft.EventGrid.SubscriptionValidationEvent";

    public static async Task<(List<TaskEvent> Events, string? ValidationCode, List<string> Problems)> ReadAsync(HttpRequest r, CancellationToken ct)
    {
        var events = new List<TaskEvent>();
        var problems = new List<string>();
        var body = await Body.ReadJsonAsync(r, ct).ConfigureAwait(false);
        if (r.Headers["ce-specversion"].FirstOrDefault() is not null)
        {
            Add(TaskEventReader.FromCloudEvent(FromHeaders(r, body)), events, problems, 0);
            return (events, null, problems);
        }
        if (body is null)
        {
            problems.Add("The request has no events: send a CloudEvent, a batch of them, or Event Grid events as JSON.");
            return (events, null, problems);
        }
        var items = body is JsonArray array ? [.. array] : new List<JsonNode?> { body };
        for (var i = 0; i < items.Count; i++)
        {
            if (items[i] is JsonObject o && o.ContainsKey("specversion"))
            {
                Add(TaskEventReader.FromCloudEvent(o), events, problems, i);
            }
            else if (items[i] is JsonObject eg && eg.ContainsKey("eventType"))
            {
                if (eg["eventType"]?.GetValueKind() == System.Text.Json.JsonValueKind.String && eg["eventType"]!.GetValue<string>() == ValidationEvent)
                {
                    return eg["data"]?["validationCode"] is JsonValue code && code.GetValueKind() == System.Text.Json.JsonValueKind.String
                        ? ([], code.GetValue<string>(), [])
                        : ([], null, ["The subscription validation event has no data.validationCode."]);
                }
                Add(TaskEventReader.FromEventGrid(eg), events, problems, i);
            }
            else
            {
                problems.Add($"Item {i} is neither a CloudEvent (no 'specversion') nor an Event Grid event (no 'eventType').");
            }
        }
        return (events, null, problems);
    }

    private static void Add((TaskEvent? Event, string? Problem) read, List<TaskEvent> events, List<string> problems, int index)
    {
        if (read.Event is { } e)
        {
            events.Add(e);
        }
        else
        {
            problems.Add($"Item {index}: {read.Problem}");
        }
    }

    /// <summary>Builds the structured form of a binary-mode CloudEvent: every <c>ce-</c> header is an attribute.</summary>
    private static JsonObject FromHeaders(HttpRequest r, JsonNode? body)
    {
        var o = new JsonObject();
        foreach (var (name, value) in r.Headers)
        {
            if (name.StartsWith("ce-", StringComparison.OrdinalIgnoreCase) && name.Length > 3)
            {
                o[name[3..].ToLowerInvariant()] = value.ToString();
            }
        }
        o["data"] = body;
        return o;
    }
}
