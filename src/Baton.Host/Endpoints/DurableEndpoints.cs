using System.Text.Json.Nodes;
using Baton.Core.Engine;
using Baton.Host.Api;
using Baton.Host.Auth;
using Baton.Host.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Baton.Host.Endpoints;

/// <summary>The Durable Functions HTTP API under <c>/runtime/webhooks/durabletask</c>, with its parameters, shapes and status codes.</summary>
/// <remarks>Status: 202 while running, pending or suspended (with Location), 200 once finished, 500 for a failed
/// instance with returnInternalServerErrorOnFailure=true. Control operations on an instance that cannot take
/// them answer 410 Gone, as Durable Functions does. The taskHub and connection parameters are accepted; this
/// host serves one hub.</remarks>
internal static class DurableEndpoints
{
    private const string Base = "/runtime/webhooks/durabletask";

    public static void Map(IEndpointRouteBuilder app)
    {
        var fn = app.MapGroup(Base).RequireKey(AuthLevel.Function).WithTags("Durable Functions compatible");
        var admin = app.MapGroup(Base).RequireKey(AuthLevel.Admin).WithTags("Durable Functions compatible");
        fn.MapPost("/orchestrators/{functionName}/{instanceId?}", StartAsync);
        fn.MapGet("/instances/{instanceId}", StatusAsync);
        fn.MapGet("/instances", ListAsync);
        fn.MapPost("/instances/{instanceId}/raiseEvent/{eventName}", async (string instanceId, string eventName, HttpRequest r, ControlPlane cp, CancellationToken ct) =>
        {
            var data = await Body.ReadJsonAsync(r, ct).ConfigureAwait(false);
            return Answer(await cp.RaiseEventAsync(instanceId, eventName, data, ct).ConfigureAwait(false), instanceId);
        });
        fn.MapPost("/instances/{instanceId}/terminate", (string instanceId, HttpRequest r, ControlPlane cp, CancellationToken ct) =>
            ControlAsync(instanceId, cp, () => cp.Backend.TerminateAsync(instanceId, Query.Reason(r), ct), ct));
        fn.MapPost("/instances/{instanceId}/suspend", (string instanceId, HttpRequest r, ControlPlane cp, CancellationToken ct) =>
            ControlAsync(instanceId, cp, () => cp.Backend.SuspendAsync(instanceId, Query.Reason(r), ct), ct));
        fn.MapPost("/instances/{instanceId}/resume", (string instanceId, HttpRequest r, ControlPlane cp, CancellationToken ct) =>
            ControlAsync(instanceId, cp, () => cp.Backend.ResumeAsync(instanceId, Query.Reason(r), ct), ct));
        fn.MapPost("/instances/{instanceId}/rewind", (string instanceId, HttpRequest r, ControlPlane cp, CancellationToken ct) =>
            ControlAsync(instanceId, cp, () => cp.Backend.RewindAsync(instanceId, Query.Reason(r), ct), ct));
        admin.MapDelete("/instances/{instanceId}", PurgeOneAsync);
        admin.MapDelete("/instances", PurgeManyAsync);
    }

    private static async Task<IResult> StartAsync(string functionName, string? instanceId, HttpRequest r, ControlPlane cp, CancellationToken ct)
    {
        var input = await Body.ReadJsonAsync(r, ct).ConfigureAwait(false);
        var id = await cp.StartAsync(functionName, null, null, instanceId, input, r.Headers["traceparent"].FirstOrDefault(), ct).ConfigureAwait(false);
        var payload = StatusPayloads.CheckStatus(r, id, Query.Key(r));
        r.HttpContext.Response.Headers.Location = payload["statusQueryGetUri"]!.GetValue<string>();
        return TypedResults.Json(payload, statusCode: StatusCodes.Status202Accepted);
    }

    private static async Task<IResult> StatusAsync(string instanceId, HttpRequest r, ControlPlane cp, CancellationToken ct)
    {
        var state = await cp.StatusAsync(instanceId, ct).ConfigureAwait(false);
        if (state is null)
        {
            return Problems.InstanceNotFound(instanceId);
        }
        var history = Query.Flag(r, "showHistory") ? await cp.HistoryAsync(instanceId, 0, 10_000, ct).ConfigureAwait(false) : null;
        var body = StatusPayloads.Status(state, !r.Query.ContainsKey("showInput") || Query.Flag(r, "showInput"), history);
        if (state.Status == InstanceStatus.Failed && Query.Flag(r, "returnInternalServerErrorOnFailure"))
        {
            return TypedResults.Json(body, statusCode: StatusCodes.Status500InternalServerError);
        }
        if (!state.IsTerminal)
        {
            r.HttpContext.Response.Headers.Location = $"{r.Scheme}://{r.Host}{r.PathBase}{r.Path}{r.QueryString}";
            return TypedResults.Json(body, statusCode: StatusCodes.Status202Accepted);
        }
        return TypedResults.Json(body);
    }

    private static async Task<IResult> ListAsync(HttpRequest r, HttpResponse response, ControlPlane cp, CancellationToken ct)
    {
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
        response.Headers["x-ms-continuation-token"] = page.Count == query.MaxCount ? page[^1].ContinuationToken : null;
        return TypedResults.Json(items);
    }

    private static async Task<IResult> ControlAsync(string instanceId, ControlPlane cp, Func<Task<bool>> send, CancellationToken ct) =>
        Answer(await cp.ControlAsync(instanceId, _ => send(), ct).ConfigureAwait(false), instanceId);

    private static IResult Answer((bool Accepted, InstanceState State)? taken, string instanceId) =>
        taken switch
        {
            null => Problems.InstanceNotFound(instanceId),
            { Accepted: false } refused => Problems.Create(StatusCodes.Status410Gone, "gone", $"The instance is {refused.State.Status.ToString().ToLowerInvariant()}.",
                $"Instance '{instanceId}' is {refused.State.Status} and cannot take this operation; nothing was changed."),
            _ => TypedResults.Accepted((string?)null),
        };

    private static async Task<IResult> PurgeOneAsync(string instanceId, ControlPlane cp, CancellationToken ct) =>
        await cp.Backend.PurgeAsync(instanceId, ct).ConfigureAwait(false) switch
        {
            null => Problems.InstanceNotFound(instanceId),
            false => InstanceEndpoints.Conflict((await cp.Backend.GetStateAsync(instanceId, ct).ConfigureAwait(false))!, "purge"),
            true => TypedResults.Json(new JsonObject { ["instancesDeleted"] = 1 }),
        };

    private static async Task<IResult> PurgeManyAsync(HttpRequest r, ControlPlane cp, CancellationToken ct)
    {
        var deleted = await cp.Backend.PurgeAsync(Query.Instances(r, "runtimeStatus", "createdTimeFrom", "createdTimeTo", null) with { MaxCount = 100_000 }, ct).ConfigureAwait(false);
        return deleted > 0
            ? TypedResults.Json(new JsonObject { ["instancesDeleted"] = deleted })
            : Problems.Create(StatusCodes.Status404NotFound, "nothing-to-purge", "No finished instance matched.", "Nothing was deleted.");
    }
}
