using System.Text;
using System.Text.Json.Nodes;
using Baton.Host.Api;
using Baton.Host.Auth;
using Baton.Host.Http;
using Baton.Runtime.Hub;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Baton.Host.Endpoints;

/// <summary>Server-sent events: live changes of one instance, or of the whole hub.</summary>
/// <remarks>Per instance: a <c>status</c> event with the full status first, then <c>step</c> events as steps change
/// and <c>status</c> events as the instance does; the stream ends after the final status. Event ids are the
/// instance's history sequence numbers. Nothing is lost: a client that reconnects (with or without
/// <c>Last-Event-ID</c>) starts from the full current status, and a client that reads too slowly to keep up gets a
/// fresh full <c>status</c> in place of the changes it could not take. Hub: an <c>instance</c> event per committed
/// change, until the client disconnects; a client that falls behind gets a <c>lagged</c> event saying how many
/// changes it missed, and should re-read <c>GET /api/instances</c>.</remarks>
internal static class StreamEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var fn = app.MapGroup("/api").RequireKey(AuthLevel.Function).WithTags("Live updates");
        fn.MapGet("/instances/{id}/stream", InstanceAsync);
        fn.MapGet("/stream", HubAsync);
    }

    private static async Task<IResult> InstanceAsync(string id, HttpContext http, ControlPlane cp, StreamSettings settings, CancellationToken ct)
    {
        using var subscription = new ChangeSubscription(cp.Hub, c => c.State.InstanceId == id, settings.BufferSize);
        var changes = subscription.Reader;
        var state = await cp.Hub.GetStateAsync(id, ct).ConfigureAwait(false);
        if (state is null)
        {
            return Problems.InstanceNotFound(id);
        }
        Begin(http.Response);
        await WriteAsync(http.Response, "status", state.Sequence, StatusPayloads.Status(state), ct).ConfigureAwait(false);
        if (state.IsTerminal)
        {
            return Results.Empty;
        }
        var sent = state.Sequence;
        await foreach (var c in changes.ReadAllAsync(ct).ConfigureAwait(false))
        {
            if (subscription.TakeMissed() > 0)
            {
                // Changes were dropped while this client was slow: the full status replaces them.
                var now = await cp.Hub.GetStateAsync(id, ct).ConfigureAwait(false) ?? c.State;
                await WriteAsync(http.Response, "status", now.Sequence, StatusPayloads.Status(now), ct).ConfigureAwait(false);
                sent = now.Sequence;
                if (now.IsTerminal)
                {
                    break;
                }
            }
            if (c.State.Sequence <= sent)
            {
                continue;
            }
            sent = c.State.Sequence;
            foreach (var step in c.ChangedSteps)
            {
                await WriteAsync(http.Response, "step", c.State.Sequence, new JsonObject { ["instanceId"] = id, ["step"] = StatusPayloads.Step(step) }, ct).ConfigureAwait(false);
            }
            await WriteAsync(http.Response, "status", c.State.Sequence, c.State.IsTerminal ? StatusPayloads.Status(c.State) : Brief(c), ct).ConfigureAwait(false);
            if (c.State.IsTerminal)
            {
                break;
            }
        }
        return Results.Empty;
    }

    private static async Task<IResult> HubAsync(HttpContext http, ControlPlane cp, StreamSettings settings, CancellationToken ct)
    {
        using var subscription = new ChangeSubscription(cp.Hub, _ => true, settings.BufferSize);
        var changes = subscription.Reader;
        try
        {
            Begin(http.Response);
            await http.Response.WriteAsync(": connected\n\n", ct).ConfigureAwait(false);
            await http.Response.Body.FlushAsync(ct).ConfigureAwait(false);
            await foreach (var c in changes.ReadAllAsync(ct).ConfigureAwait(false))
            {
                if (subscription.TakeMissed() is var missed and > 0)
                {
                    await WriteAsync(http.Response, "lagged", c.State.Sequence, new JsonObject
                    {
                        ["missed"] = missed,
                        ["detail"] = "This client read too slowly and missed changes; re-read GET /api/instances.",
                    }, ct).ConfigureAwait(false);
                }
                var brief = Brief(c);
                brief["steps"] = new JsonArray([.. c.ChangedSteps.Select(StatusPayloads.Step)]);
                await WriteAsync(http.Response, "instance", c.State.Sequence, brief, ct).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The client went away.
        }
        return Results.Empty;
    }

    private static JsonObject Brief(HubChange c) => new()
    {
        ["instanceId"] = c.State.InstanceId,
        ["name"] = c.State.WorkflowName,
        ["runtimeStatus"] = c.State.Status.ToString(),
        ["sequence"] = c.State.Sequence,
        ["event"] = c.Event.GetType().Name,
    };

    private static readonly System.Text.Json.JsonSerializerOptions Relaxed = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static void Begin(HttpResponse response)
    {
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
    }

    private static async Task WriteAsync(HttpResponse response, string name, long id, JsonNode data, CancellationToken ct)
    {
        var text = new StringBuilder().Append("id: ").Append(id).Append("\nevent: ").Append(name).Append("\ndata: ").Append(data.ToJsonString(Relaxed)).Append("\n\n");
        await response.WriteAsync(text.ToString(), ct).ConfigureAwait(false);
        await response.Body.FlushAsync(ct).ConfigureAwait(false);
    }
}

/// <summary>How many changes each stream client may have queued before changes are dropped (and the client told).</summary>
internal sealed record StreamSettings(int BufferSize);
