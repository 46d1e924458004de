using System.Text.Json.Nodes;
using Baton.Core.Engine;
using Baton.Host.Api;
using Baton.Host.Auth;
using Baton.Host.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Baton.Host.Endpoints;

/// <summary>Baton's own instance API under <c>/api</c>.</summary>
internal static class InstanceEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var fn = app.MapGroup("/api").RequireKey(AuthLevel.Function).WithTags("Instances");
        var admin = app.MapGroup("/api").RequireKey(AuthLevel.Admin).WithTags("Instances");

        fn.MapPost("/workflows/{name}/instances", StartAsync).WithName("StartInstance")
            .WithSummary("Starts an instance of the active (or ?version=) version; ?instanceId= chooses the id; ?wait= waits for the result.");
        fn.MapGet("/instances", ListAsync).WithSummary("Lists instances by name, status and creation time, newest first, with continuation tokens.");
        fn.MapGet("/instances/{id}", GetAsync).WithSummary("Reads an instance's status, input, output and steps.");
        fn.MapGet("/instances/{id}/history", HistoryAsync).WithSummary("Reads an instance's accepted events, paged with ?from= and ?top=.");
        fn.MapGet("/instances/{id}/history/{sequence:long}/state", StateAtAsync)
            .WithSummary("Time travel: the instance's status as it was right after history event {sequence} (embedded hub).");
        fn.MapPost("/instances/{id}/fork", ForkAsync)
            .WithSummary("Starts a new instance from the state after history event ?at=, with the body as its new input (none: the original's); the original is untouched.");
        fn.MapPost("/instances/{id}/events/{eventName}", RaiseAsync).WithSummary("Raises an external event; the body is its data.");
        fn.MapPost("/instances/{id}/terminate", (string id, HttpRequest r, ControlPlane cp, CancellationToken ct) =>
            ControlAsync(id, r, cp, (h, reason) => h.TerminateAsync(id, reason, ct), "terminate", ct)).WithSummary("Terminates a running or suspended instance.");
        fn.MapPost("/instances/{id}/suspend", (string id, HttpRequest r, ControlPlane cp, CancellationToken ct) =>
            ControlAsync(id, r, cp, (h, reason) => h.SuspendAsync(id, reason, ct), "suspend", ct)).WithSummary("Suspends a running instance.");
        fn.MapPost("/instances/{id}/resume", (string id, HttpRequest r, ControlPlane cp, CancellationToken ct) =>
            ControlAsync(id, r, cp, (h, reason) => h.ResumeAsync(id, reason, ct), "resume", ct)).WithSummary("Resumes a suspended instance.");
        fn.MapPost("/instances/{id}/rewind", (string id, HttpRequest r, ControlPlane cp, CancellationToken ct) =>
            ControlAsync(id, r, cp, (h, reason) => h.RewindAsync(id, reason, ct), "rewind", ct)).WithSummary("Retries a failed instance from its failed steps.");
        admin.MapDelete("/instances/{id}", PurgeOneAsync).WithSummary("Purges a finished instance and its history (admin).");
        admin.MapDelete("/instances", PurgeManyAsync).WithSummary("Purges finished instances matching ?status=, ?createdFrom=, ?createdTo= (admin).");
    }

    private static async Task<IResult> StartAsync(string name, HttpRequest r, ControlPlane cp, CancellationToken ct)
    {
        var input = await Body.ReadJsonAsync(r, ct).ConfigureAwait(false);
        var wait = Query.Wait(r);
        var id = await cp.StartAsync(name, Query.One(r, "version"), Query.One(r, "catalog"),
            Query.One(r, "instanceId"), input, r.Headers["traceparent"].FirstOrDefault(), ct).ConfigureAwait(false);
        var payload = StatusPayloads.CheckStatus(r, id, Query.Key(r));
        if (wait is { } limit && await cp.WaitAsync(id, limit, ct).ConfigureAwait(false) is { } final)
        {
            return TypedResults.Json(StatusPayloads.Status(final), statusCode: StatusCodes.Status200OK);
        }
        r.HttpContext.Response.Headers.Location = payload["statusQueryGetUri"]!.GetValue<string>();
        return TypedResults.Json(payload, statusCode: StatusCodes.Status202Accepted);
    }

    private static async Task<IResult> ListAsync(HttpRequest r, HttpResponse response, ControlPlane cp, CancellationToken ct)
    {
        var query = Query.Instances(r, "status", "createdFrom", "createdTo", Query.One(r, "continuationToken"));
        var page = await cp.Backend.ListInstancesAsync(query, ct).ConfigureAwait(false);
        var next = page.Count == query.MaxCount ? page[^1].ContinuationToken : null;
        return TypedResults.Json(new JsonObject
        {
            ["instances"] = new JsonArray([.. page.Select(p => (JsonNode?)new JsonObject
            {
                ["instanceId"] = p.InstanceId,
                ["name"] = p.WorkflowName,
                ["runtimeStatus"] = p.Status.ToString(),
                ["createdTime"] = p.CreatedAt.ToString("O"),
                ["lastUpdatedTime"] = p.UpdatedAt.ToString("O"),
            })]),
            ["continuationToken"] = next,
        });
    }

    private static async Task<IResult> GetAsync(string id, HttpRequest r, ControlPlane cp, CancellationToken ct)
    {
        var state = await cp.StatusAsync(id, ct).ConfigureAwait(false);
        if (state is null)
        {
            return Problems.InstanceNotFound(id);
        }
        var history = Query.Flag(r, "showHistory") ? await cp.HistoryAsync(id, 0, 10_000, ct).ConfigureAwait(false) : null;
        return TypedResults.Json(StatusPayloads.Status(state, !r.Query.ContainsKey("showInput") || Query.Flag(r, "showInput"), history));
    }

    private static async Task<IResult> HistoryAsync(string id, HttpRequest r, ControlPlane cp, CancellationToken ct)
    {
        if (await cp.Backend.GetStateAsync(id, ct).ConfigureAwait(false) is null)
        {
            return Problems.InstanceNotFound(id);
        }
        var from = Query.Int(r, "from", 0, 0, int.MaxValue);
        var top = Query.Int(r, "top", 100, 1, 1000);
        var events = await cp.HistoryAsync(id, from, top, ct).ConfigureAwait(false);
        return TypedResults.Json(new JsonObject
        {
            ["events"] = new JsonArray([.. events]),
            ["next"] = events.Count == top ? from + top : null,
        });
    }

    private static async Task<IResult> StateAtAsync(string id, long sequence, ControlPlane cp, CancellationToken ct)
    {
        if (await cp.Backend.GetStateAtAsync(id, sequence, ct).ConfigureAwait(false) is not { } state)
        {
            return Problems.InstanceNotFound(id);
        }
        var status = StatusPayloads.Status(state);
        status["sequence"] = sequence;
        return TypedResults.Json(status);
    }

    private static async Task<IResult> ForkAsync(string id, HttpRequest r, ControlPlane cp, CancellationToken ct)
    {
        var at = r.Query.ContainsKey("at")
            ? Query.Int(r, "at", 0, 0, int.MaxValue)
            : throw new BadRequestException("bad-argument", "'at' is required.", "Pass ?at=<sequence> of the history event to fork after (see GET /api/instances/{id}/history).");
        var body = await Body.ReadTextAsync(r, ct).ConfigureAwait(false);
        var replace = !string.IsNullOrWhiteSpace(body);
        var forked = await cp.ForkAsync(new Runtime.Backends.ForkRequest(id, at, replace ? Body.ParseJson(body) : null, replace, Query.One(r, "instanceId")), ct)
            .ConfigureAwait(false);
        if (forked is null)
        {
            return Problems.InstanceNotFound(id);
        }
        var payload = StatusPayloads.CheckStatus(r, forked, Query.Key(r));
        r.HttpContext.Response.Headers.Location = payload["statusQueryGetUri"]!.GetValue<string>();
        return TypedResults.Json(payload, statusCode: StatusCodes.Status202Accepted);
    }

    private static async Task<IResult> RaiseAsync(string id, string eventName, HttpRequest r, ControlPlane cp, CancellationToken ct)
    {
        var data = await Body.ReadJsonAsync(r, ct).ConfigureAwait(false);
        return Answer(await cp.RaiseEventAsync(id, eventName, data, ct).ConfigureAwait(false), id, r, "raise an event on");
    }

    /// <summary>Sends a control event; 202 when taken, 404 when there is no instance, 409 when its status does not allow it.</summary>
    private static async Task<IResult> ControlAsync(string id, HttpRequest r, ControlPlane cp, Func<Runtime.Backends.IWorkflowBackend, string, Task<bool>> send, string verb, CancellationToken ct) =>
        Answer(await cp.ControlAsync(id, h => send(h, Query.Reason(r)), ct).ConfigureAwait(false), id, r, verb);

    private static IResult Answer((bool Accepted, InstanceState State)? taken, string id, HttpRequest r, string verb) =>
        taken switch
        {
            null => Problems.InstanceNotFound(id),
            { Accepted: false } refused => Conflict(refused.State, verb),
            _ => TypedResults.Json(StatusPayloads.CheckStatus(r, id, Query.Key(r)), statusCode: StatusCodes.Status202Accepted),
        };

    internal static IResult Conflict(InstanceState state, string verb) =>
        Problems.Create(StatusCodes.Status409Conflict, "illegal-transition", $"Cannot {verb} an instance that is {state.Status.ToString().ToLowerInvariant()}.",
            $"Instance '{state.InstanceId}' is {state.Status}; nothing was changed.");

    private static async Task<IResult> PurgeOneAsync(string id, ControlPlane cp, CancellationToken ct) =>
        await cp.Backend.PurgeAsync(id, ct).ConfigureAwait(false) switch
        {
            null => Problems.InstanceNotFound(id),
            false => Conflict((await cp.Backend.GetStateAsync(id, ct).ConfigureAwait(false))!, "purge"),
            true => TypedResults.Json(new JsonObject { ["instancesDeleted"] = 1 }),
        };

    private static async Task<IResult> PurgeManyAsync(HttpRequest r, ControlPlane cp, CancellationToken ct)
    {
        var deleted = await cp.Backend.PurgeAsync(Query.Instances(r, "status", "createdFrom", "createdTo", null) with { MaxCount = 100_000 }, ct).ConfigureAwait(false);
        return TypedResults.Json(new JsonObject { ["instancesDeleted"] = deleted });
    }
}
