using System.Globalization;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Baton.ControlPlane.Auth;
using Baton.ControlPlane.Http;
using Baton.ControlPlane.Routing;
using Baton.ControlPlane.Streams;
using Baton.Core.Engine;
using Microsoft.AspNetCore.Http;
using Baton.Abstractions;

namespace Baton.ControlPlane.Routes;

/// <summary>Server-sent events: live changes of one instance, or of the whole hub.</summary>
/// <remarks>Per instance: a <c>status</c> event with the full status first, then <c>step</c> events as steps change
/// and <c>status</c> events as the instance does; the stream ends after the final status. Event ids are the
/// instance's history sequence numbers. Nothing is lost: a client that reconnects (with or without
/// <c>Last-Event-ID</c>) starts from the full current status, and a client that reads too slowly to keep up gets a
/// fresh full <c>status</c> in place of the changes it could not take. Hub: an <c>instance</c> event per committed
/// change, until the client disconnects; a client that falls behind gets a <c>lagged</c> event saying how many
/// changes it missed, and should re-read <c>GET /api/instances</c>; its first event, <c>connected</c>, is sent at once.
/// A stream with nothing to say sends a <c>heartbeat</c> event every <see cref="OperationsOptions.StreamHeartbeat"/>, so
/// proxies keep it open (the Functions host drops a response idle for 240 s). Written by ASP.NET Core's own server-sent
/// events result.</remarks>
internal static class StreamRoutes
{
    public static IEnumerable<ApiRoute> All =>
    [
        new("StreamInstance", "GET", "api/instances/{id}/stream", AuthLevel.Function, "Live updates",
            "Streams an instance's changes as server-sent events until it finishes.", InstanceAsync),
        new("StreamHub", "GET", "api/stream", AuthLevel.Function, "Live updates", "Streams every committed change of the hub as server-sent events.", HubAsync),
    ];

    private static async Task<IResult> InstanceAsync(ApiCall call)
    {
        var (id, http, cp, ct) = (call.Route("id"), call.Http, call.Operations, call.Aborted);
        // Subscribe before reading the state, so no change between the two is missed.
        var subscription = await ChangeSubscription.OpenAsync(cp.Backend, id, cp.Options.StreamBufferSize, ct).ConfigureAwait(false);
        var state = await cp.Backend.GetStateAsync(id, ct).ConfigureAwait(false);
        if (state is null)
        {
            subscription.Dispose();
            return Problems.InstanceNotFound(id);
        }
        NoProxyBuffering(http.Response);
        return TypedResults.ServerSentEvents(InstanceEventsAsync(id, await cp.ShownAsync(state, ct).ConfigureAwait(false), subscription, cp, ct));
    }

    private static async IAsyncEnumerable<SseItem<string>> InstanceEventsAsync(string id, InstanceState state, ChangeSubscription subscription, Operations cp,
        [EnumeratorCancellation] CancellationToken ct)
    {
        using (subscription)
        {
            yield return Item("status", state.Sequence, StatusPayloads.Status(state));
            if (state.IsTerminal)
            {
                yield break;
            }
            var (sent, sentStatus) = (state.Sequence, state.Status);
            await foreach (var c in subscription.ReadAsync(cp.Options.StreamHeartbeat, ct).ConfigureAwait(false))
            {
                if (c is null)
                {
                    yield return Item("heartbeat", sent, new JsonObject());
                    continue;
                }
                if (subscription.TakeMissed() > 0)
                {
                    // Changes were dropped while this client was slow: the full status replaces them.
                    var now = await cp.StatusAsync(id, ct).ConfigureAwait(false) ?? c.State;
                    yield return Item("status", now.Sequence, StatusPayloads.Status(now));
                    (sent, sentStatus) = (now.Sequence, now.Status);
                    if (now.IsTerminal)
                    {
                        yield break;
                    }
                }
                // A change already sent is skipped; a status that changed without a new event (the Durable framework ending an
                // orchestration after the engine finished) is not.
                if (c.State.Sequence <= sent && c.State.Status == sentStatus)
                {
                    continue;
                }
                (sent, sentStatus) = (c.State.Sequence, c.State.Status);
                foreach (var step in c.ChangedSteps)
                {
                    yield return Item("step", c.State.Sequence, new JsonObject { ["instanceId"] = id, ["step"] = StatusPayloads.Step(step, c.State) });
                }
                yield return Item("status", c.State.Sequence, c.State.IsTerminal ? StatusPayloads.Status(await cp.ShownAsync(c.State, ct).ConfigureAwait(false)) : Brief(c));
                if (c.State.IsTerminal)
                {
                    yield break;
                }
            }
        }
    }

    private static async Task<IResult> HubAsync(ApiCall call)
    {
        var options = call.Operations.Options;
        var subscription = await ChangeSubscription.OpenAsync(call.Operations.Backend, null, options.StreamBufferSize, call.Aborted).ConfigureAwait(false);
        NoProxyBuffering(call.Http.Response);
        return TypedResults.ServerSentEvents(HubEventsAsync(subscription, options.StreamHeartbeat, call.Aborted));
    }

    private static async IAsyncEnumerable<SseItem<string>> HubEventsAsync(ChangeSubscription subscription, TimeSpan heartbeat, [EnumeratorCancellation] CancellationToken ct)
    {
        using (subscription)
        {
            // Sent at once, so a client knows the stream is open before the first change.
            yield return Item("connected", 0, new JsonObject { ["detail"] = "Streaming every committed change of this hub." });
            await foreach (var c in subscription.ReadAsync(heartbeat, ct).ConfigureAwait(false))
            {
                if (c is null)
                {
                    yield return Item("heartbeat", 0, new JsonObject());
                    continue;
                }
                if (subscription.TakeMissed() is var missed and > 0)
                {
                    yield return Item("lagged", c.State.Sequence, new JsonObject
                    {
                        ["missed"] = missed,
                        ["detail"] = "This client read too slowly and missed changes; re-read GET /api/instances.",
                    });
                }
                var brief = Brief(c);
                brief["steps"] = new JsonArray([.. c.ChangedSteps.Select(s => StatusPayloads.Step(s, c.State))]);
                yield return Item("instance", c.State.Sequence, brief);
            }
        }
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

    // Reverse proxies (nginx) must pass each event on at once.
    private static void NoProxyBuffering(HttpResponse response) => response.Headers["X-Accel-Buffering"] = "no";

    private static SseItem<string> Item(string name, long id, JsonNode data) =>
        new(data.ToJsonString(Relaxed), name) { EventId = id.ToString(CultureInfo.InvariantCulture) };
}
