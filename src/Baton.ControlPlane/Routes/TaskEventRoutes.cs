using System.Text.Json.Nodes;
using Baton.ControlPlane.Auth;
using Baton.ControlPlane.Http;
using Baton.ControlPlane.Routing;
using Baton.Runtime.Events;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Baton.ControlPlane.Routes;

/// <summary>The Event Grid subscription endpoint, <c>/api/events</c>: where services report on tasks they were handed, and where
/// events that start workflows (their event triggers) arrive.</summary>
/// <remarks>Accepts CloudEvents 1.0 (structured, batched or binary mode) and the Event Grid schema, answers both
/// subscription handshakes (the Event Grid validation event and the CloudEvents webhook OPTIONS request), and
/// needs a function key (x-functions-key, ?code=, or aeg-sas-key as the Event Grid client sends it). A batch with
/// a malformed event is refused whole with the reasons (400), and changes nothing; so is a batch with a report
/// that lacks its attempt's reply token (403): only the service handed an attempt can end it. Duplicate and
/// late reports that carry a valid token are acknowledged and change nothing. Reading and checking is
/// <see cref="TaskEventBatch"/>. <c>baton serve</c> also answers on <c>/runtime/webhooks/eventgrid</c>, the path of the Event
/// Grid trigger's webhook; in the function app that path is the Functions host's. An event of a type a live event trigger
/// starts workflows on, carrying no reply token, starts them (<see cref="Triggers.TriggerEvents"/>) and is listed in
/// <c>triggered</c>.</remarks>
internal static class TaskEventRoutes
{
    private const string Alias = "runtime/webhooks/eventgrid";

    public static IEnumerable<ApiRoute> All =>
    [
        new("ReceiveTaskEvents", "POST", "api/events", AuthLevel.Function, "Events",
            "Receives task events (<task>.started, .status.changed, .finished) as CloudEvents or Event Grid events.", ReceiveAsync) { Aliases = [Alias] },
        new("TaskEventsHandshake", "OPTIONS", "api/events", AuthLevel.Function, "Events", "Answers the CloudEvents webhook validation handshake.",
            c => Task.FromResult(Handshake(c.Request, c.Http.Response))) { Aliases = [Alias] },
    ];

    private static IResult Handshake(HttpRequest r, HttpResponse response)
    {
        if (WebhookHandshake.Answer(r.Headers[WebhookHandshake.RequestOriginHeader].FirstOrDefault()) is not { } allowed)
        {
            return Problems.Create(StatusCodes.Status400BadRequest, "bad-handshake", "No WebHook-Request-Origin header.", WebhookHandshake.MissingOrigin);
        }
        foreach (var (name, value) in allowed)
        {
            response.Headers[name] = value;
        }
        response.Headers.Allow = "POST, OPTIONS";
        return TypedResults.Ok();
    }

    private static async Task<IResult> ReceiveAsync(ApiCall c)
    {
        var (r, cp, ct) = (c.Request, c.Operations, c.Aborted);
        var body = await Body.ReadJsonAsync(r, ct).ConfigureAwait(false);
        var headers = r.Headers.Select(h => KeyValuePair.Create(h.Key, h.Value.ToString())).ToList();
        var batch = TaskEventBatch.Read(headers, body, cp.Backend.ReplyTokens);
        List<Triggers.LiveTrigger> live = [];
        if (batch.Problems.Count > 0 || batch.Refusals.Count > 0)
        {
            // Only a delivery that is not all task reports may hold events that start workflows: read the live triggers
            // (the registry) then, not for every report a service sends.
            live = [.. (await Triggers.LiveTriggers.ReadAsync(cp.Registry, ct).ConfigureAwait(false)).Where(t => t.Trigger is Core.Definitions.Triggers.EventTrigger)];
            batch = TaskEventBatch.Read(headers, body, cp.Backend.ReplyTokens, Triggers.TriggerEvents.Types(live));
        }
        if (batch.ValidationCode is { } code)
        {
            return TypedResults.Json(new JsonObject { ["validationResponse"] = code });
        }
        if (batch.Problems.Count > 0)
        {
            return Problems.Create(StatusCodes.Status400BadRequest, "bad-event", "The events were refused; none was applied.",
                string.Join(" ", batch.Problems), new Dictionary<string, object?> { ["errors"] = batch.Problems });
        }
        if (batch.Refusals.Count > 0)
        {
            return Problems.Create(StatusCodes.Status403Forbidden, "event-not-authorized", "The events were refused; none was applied.",
                string.Join(" ", batch.Refusals), new Dictionary<string, object?> { ["errors"] = batch.Refusals });
        }
        var (applied, ignored) = await batch.ApplyAsync(cp.Backend, ct).ConfigureAwait(false);
        var now = c.Http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
        var triggered = await Triggers.TriggerEvents.StartAsync(cp, live, batch.Triggering, now, ct).ConfigureAwait(false);
        return TypedResults.Json(new JsonObject
        {
            ["received"] = batch.Reports.Count + batch.Triggering.Count,
            ["applied"] = applied,
            ["ignored"] = ignored,
            ["triggered"] = triggered,
        });
    }
}
