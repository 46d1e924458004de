using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Channels;
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
/// and <c>status</c> events as the instance does; the stream ends after the final status. Hub: an
/// <c>instance</c> event per committed change, until the client disconnects. Event ids are history sequence numbers.</remarks>
internal static class StreamEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var fn = app.MapGroup("/api").RequireKey(AuthLevel.Function).WithTags("Live updates");
        fn.MapGet("/instances/{id}/stream", InstanceAsync);
        fn.MapGet("/stream", HubAsync);
    }

    private static async Task<IResult> InstanceAsync(string id, HttpContext http, ControlPlane cp, CancellationToken ct)
    {
        var changes = Subscribe(cp.Hub, c => c.State.InstanceId == id, out var unsubscribe);
        try
        {
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
            await foreach (var c in changes.ReadAllAsync(ct).ConfigureAwait(false))
            {
                if (c.State.Sequence <= state.Sequence)
                {
                    continue;
                }
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
        finally
        {
            unsubscribe();
        }
    }

    private static async Task<IResult> HubAsync(HttpContext http, ControlPlane cp, CancellationToken ct)
    {
        var changes = Subscribe(cp.Hub, _ => true, out var unsubscribe);
        try
        {
            Begin(http.Response);
            await http.Response.WriteAsync(": connected\n\n", ct).ConfigureAwait(false);
            await http.Response.Body.FlushAsync(ct).ConfigureAwait(false);
            await foreach (var c in changes.ReadAllAsync(ct).ConfigureAwait(false))
            {
                var brief = Brief(c);
                brief["steps"] = new JsonArray([.. c.ChangedSteps.Select(StatusPayloads.Step)]);
                await WriteAsync(http.Response, "instance", c.State.Sequence, brief, ct).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The client went away.
        }
        finally
        {
            unsubscribe();
        }
        return Results.Empty;
    }

    private static ChannelReader<HubChange> Subscribe(TaskHub hub, Func<HubChange, bool> filter, out Action unsubscribe)
    {
        var channel = Channel.CreateBounded<HubChange>(new BoundedChannelOptions(10_000) { FullMode = BoundedChannelFullMode.DropOldest });
        void Handler(HubChange c)
        {
            if (filter(c))
            {
                channel.Writer.TryWrite(c);
            }
        }
        hub.Changed += Handler;
        unsubscribe = () => hub.Changed -= Handler;
        return channel.Reader;
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
