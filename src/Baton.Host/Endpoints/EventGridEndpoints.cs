using System.Text.Json.Nodes;
using Baton.Host.Api;
using Baton.Host.Auth;
using Baton.Host.Http;
using Baton.Runtime.Events;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Baton.Host.Endpoints;

/// <summary>The Event Grid subscription endpoint: where services report on tasks they were handed.</summary>
/// <remarks>Accepts CloudEvents 1.0 (structured, batched or binary mode) and the Event Grid schema, answers both
/// subscription handshakes (the Event Grid validation event and the CloudEvents webhook OPTIONS request), and
/// needs a function key (x-functions-key, ?code=, or aeg-sas-key as the Event Grid client sends it). A batch with
/// a malformed event is refused whole with the reasons (400), and changes nothing; so is a batch with a report
/// that lacks its attempt's reply token (403): only the service handed an attempt can end it. Duplicate and
/// late reports that carry a valid token are acknowledged and change nothing. Reading and checking is
/// <see cref="TaskEventBatch"/>, shared with the function app.</remarks>
internal static class EventGridEndpoints
{
    public const string Route = "/runtime/webhooks/eventgrid";

    public static void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup(Route).RequireKey(AuthLevel.Function).WithTags("Events");
        group.MapPost("", ReceiveAsync).WithName("ReceiveEvents")
            .WithSummary("Receives task events (<task>.started, .status.changed, .finished) as CloudEvents or Event Grid events.");
        group.MapMethods("", ["OPTIONS"], Handshake).WithSummary("Answers the CloudEvents webhook validation handshake.");
    }

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

    private static async Task<IResult> ReceiveAsync(HttpRequest r, ControlPlane cp, CancellationToken ct)
    {
        var body = await Body.ReadJsonAsync(r, ct).ConfigureAwait(false);
        var batch = TaskEventBatch.Read(r.Headers.Select(h => KeyValuePair.Create(h.Key, h.Value.ToString())), body, cp.Backend.ReplyTokens);
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
        var ignored = new JsonArray();
        var applied = 0;
        foreach (var (e, instanceId, report) in batch.Reports)
        {
            if (report is null)
            {
                ignored.Add(new JsonObject { ["id"] = e.Id, ["reason"] = "Baton's own .triggered event, not a report." });
            }
            else if (await cp.Backend.ReportAsync(instanceId!, report, ct).ConfigureAwait(false))
            {
                applied++;
            }
            else
            {
                ignored.Add(new JsonObject { ["id"] = e.Id, ["reason"] = $"No running attempt {report.Attempt} of step '{report.StepId}' in instance '{instanceId}': a duplicate or late report." });
            }
        }
        return TypedResults.Json(new JsonObject { ["received"] = batch.Reports.Count, ["applied"] = applied, ["ignored"] = ignored });
    }
}
