using System.Text.Json.Nodes;
using Baton.Core.Engine;
using Baton.ControlPlane.Auth;
using Baton.ControlPlane.Http;
using Baton.ControlPlane.Routing;
using Microsoft.AspNetCore.Http;

namespace Baton.ControlPlane.Routes;

/// <summary>The Durable Functions HTTP API under <c>/runtime/webhooks/durabletask</c>, with its parameters, shapes and status codes.</summary>
/// <remarks>Status: 202 while running, pending or suspended (with Location), 200 once finished, 500 for a failed
/// instance with returnInternalServerErrorOnFailure=true. Control operations on an instance that cannot take
/// them answer 410 Gone, as Durable Functions does. The taskHub and connection parameters are accepted; this
/// host serves one hub.</remarks>
internal static class DurableRoutes
{
    private const string Base = "runtime/webhooks/durabletask";
    private const string Tag = "Durable Functions compatible";

    // The function app does not serve these: there, the Durable extension's own HTTP API answers on the same paths.
    public static IEnumerable<ApiRoute> All =>
    [
        Serve("DurableStart", "POST", "orchestrators/{functionName}/{instanceId?}", AuthLevel.Function, "Starts a workflow by name (Durable Functions' start route).", StartAsync),
        Serve("DurableStatus", "GET", "instances/{instanceId}", AuthLevel.Function, "Reads an instance's status in Durable Functions' shape.", StatusAsync),
        Serve("DurableList", "GET", "instances", AuthLevel.Function, "Lists instances in Durable Functions' shape, paged by x-ms-continuation-token.", ListAsync),
        Serve("DurableRaiseEvent", "POST", "instances/{instanceId}/raiseEvent/{eventName}", AuthLevel.Function, "Raises an external event.", RaiseAsync),
        Serve("DurableTerminate", "POST", "instances/{instanceId}/terminate", AuthLevel.Function, "Terminates an instance.",
            c => ControlAsync(c, (b, id, reason) => b.TerminateAsync(id, reason, c.Aborted))),
        Serve("DurableSuspend", "POST", "instances/{instanceId}/suspend", AuthLevel.Function, "Suspends an instance.",
            c => ControlAsync(c, (b, id, reason) => b.SuspendAsync(id, reason, c.Aborted))),
        Serve("DurableResume", "POST", "instances/{instanceId}/resume", AuthLevel.Function, "Resumes an instance.",
            c => ControlAsync(c, (b, id, reason) => b.ResumeAsync(id, reason, c.Aborted))),
        Serve("DurableRewind", "POST", "instances/{instanceId}/rewind", AuthLevel.Function, "Rewinds a failed instance.",
            c => ControlAsync(c, (b, id, reason) => b.RewindAsync(id, reason, c.Aborted))),
        Serve("DurablePurge", "DELETE", "instances/{instanceId}", AuthLevel.Admin, "Purges a finished instance (admin).", c => InstanceRoutes.PurgeOneAsync(c, c.Route("instanceId"))),
        Serve("DurablePurgeMany", "DELETE", "instances", AuthLevel.Admin, "Purges finished instances by time and status (admin).", PurgeManyAsync),
    ];

    private static ApiRoute Serve(string name, string method, string path, AuthLevel level, string summary, ApiHandler handler) =>
        new(name, method, $"{Base}/{path}", level, Tag, summary, handler) { Hosts = ApiHosts.Serve };

    private static async Task<IResult> StartAsync(ApiCall c)
    {
        var input = await Body.ReadJsonAsync(c.Request, c.Aborted).ConfigureAwait(false);
        var id = await c.Operations.StartAsync(c.Route("functionName"), null, null, c.OptionalRoute("instanceId"), input,
            c.Request.Headers["traceparent"].FirstOrDefault(), c.Aborted).ConfigureAwait(false);
        return InstanceRoutes.Accepted(c, id, location: true);
    }

    private static async Task<IResult> RaiseAsync(ApiCall c)
    {
        var data = await Body.ReadJsonAsync(c.Request, c.Aborted).ConfigureAwait(false);
        return Answer(await c.Operations.RaiseEventAsync(c.Route("instanceId"), c.Route("eventName"), data, c.Aborted).ConfigureAwait(false), c.Route("instanceId"));
    }

    private static async Task<IResult> StatusAsync(ApiCall c)
    {
        var (instanceId, r) = (c.Route("instanceId"), c.Request);
        if (await InstanceRoutes.StatusAsync(c, instanceId).ConfigureAwait(false) is not ({ } state, { } body))
        {
            return Problems.InstanceNotFound(instanceId);
        }
        if (state.Status == InstanceStatus.Failed && Query.Flag(r, "returnInternalServerErrorOnFailure"))
        {
            return TypedResults.Json(body, statusCode: StatusCodes.Status500InternalServerError);
        }
        if (!state.IsTerminal)
        {
            c.Http.Response.Headers.Location = $"{r.Scheme}://{r.Host}{r.PathBase}{r.Path}{r.QueryString}";
            return TypedResults.Json(body, statusCode: StatusCodes.Status202Accepted);
        }
        return TypedResults.Json(body);
    }

    private static async Task<IResult> ListAsync(ApiCall c)
    {
        var (r, cp, ct) = (c.Request, c.Operations, c.Aborted);
        var query = Query.Instances(r, "runtimeStatus", "createdTimeFrom", "createdTimeTo", r.Headers["x-ms-continuation-token"].FirstOrDefault());
        var page = await cp.Backend.ListInstancesAsync(query, ct).ConfigureAwait(false);
        var showInput = Query.Flag(r, "showInput");
        var items = new JsonArray();
        foreach (var p in page)
        {
            // With showInput, the input and output are read back from Blob storage as on the status route.
            if (await (showInput ? cp.StatusAsync(p.InstanceId, ct) : cp.Backend.GetStateAsync(p.InstanceId, ct)).ConfigureAwait(false) is { } state)
            {
                var status = StatusPayloads.Status(state, showInput);
                status.Remove("steps");
                items.Add(status);
            }
        }
        c.Http.Response.Headers["x-ms-continuation-token"] = page.Count == query.MaxCount ? page[^1].ContinuationToken : null;
        return TypedResults.Json(items);
    }

    private static async Task<IResult> ControlAsync(ApiCall c, Func<Baton.Abstractions.IWorkflowBackend, string, string, Task<bool>> send)
    {
        var instanceId = c.Route("instanceId");
        return Answer(await c.Operations.ControlAsync(instanceId, b => send(b, instanceId, Query.Reason(c.Request)), c.Aborted).ConfigureAwait(false), instanceId);
    }

    private static IResult Answer((bool Accepted, InstanceState State)? taken, string instanceId) =>
        taken switch
        {
            null => Problems.InstanceNotFound(instanceId),
            { Accepted: false } refused => Problems.Create(StatusCodes.Status410Gone, "gone", $"The instance is {refused.State.Status.ToString().ToLowerInvariant()}.",
                $"Instance '{instanceId}' is {refused.State.Status} and cannot take this operation; nothing was changed."),
            _ => TypedResults.Accepted((string?)null),
        };

    private static async Task<IResult> PurgeManyAsync(ApiCall c)
    {
        var deleted = await c.Operations.Backend.PurgeAsync(Query.Instances(c.Request, "runtimeStatus", "createdTimeFrom", "createdTimeTo", null) with { MaxCount = 100_000 }, c.Aborted)
            .ConfigureAwait(false);
        return deleted > 0
            ? TypedResults.Json(new JsonObject { ["instancesDeleted"] = deleted })
            : Problems.Create(StatusCodes.Status404NotFound, "nothing-to-purge", "No finished instance matched.", "Nothing was deleted.");
    }
}
