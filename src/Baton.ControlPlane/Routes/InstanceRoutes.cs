using System.Text.Json.Nodes;
using Baton.ControlPlane.Auth;
using Baton.ControlPlane.Http;
using Baton.ControlPlane.Routing;
using Baton.Core.Engine;
using Microsoft.AspNetCore.Http;

namespace Baton.ControlPlane.Routes;

/// <summary>Baton's own instance API under <c>/api</c>: start by name, list, read, history, time travel, fork, events,
/// control and purge.</summary>
internal static class InstanceRoutes
{
    private const string Tag = "Instances";

    public static IEnumerable<ApiRoute> All =>
    [
        new("StartInstance", "POST", "api/workflows/{name}/instances", AuthLevel.Function, Tag,
            "Starts an instance of the active (or ?version=) version; ?instanceId= chooses the id; ?wait= waits for the result.", StartAsync),
        new("ListInstances", "GET", "api/instances", AuthLevel.Function, Tag,
            "Lists instances by name, status and creation time, newest first, with continuation tokens.", ListAsync),
        new("GetInstance", "GET", "api/instances/{id}", AuthLevel.Function, Tag, "Reads an instance's status, input, output and steps.", GetAsync),
        new("GetHistory", "GET", "api/instances/{id}/history", AuthLevel.Function, Tag, "Reads an instance's accepted events, paged with ?from= and ?top=.", HistoryAsync),
        new("GetStateAt", "GET", "api/instances/{id}/history/{sequence:long}/state", AuthLevel.Function, Tag,
            "Time travel: the instance's status as it was right after history event {sequence}.", StateAtAsync),
        new("ForkInstance", "POST", "api/instances/{id}/fork", AuthLevel.Function, Tag,
            "Starts a new instance from the state after history event ?at=, with the body as its new input (none: the original's); the original is untouched.", ForkAsync),
        new("RaiseEvent", "POST", "api/instances/{id}/events/{eventName}", AuthLevel.Function, Tag, "Raises an external event; the body is its data.", RaiseAsync),
        new("TerminateInstance", "POST", "api/instances/{id}/terminate", AuthLevel.Function, Tag, "Terminates a running or suspended instance.",
            c => ControlAsync(c, (b, reason) => b.TerminateAsync(c.Route("id"), reason, c.Aborted), "terminate")),
        new("SuspendInstance", "POST", "api/instances/{id}/suspend", AuthLevel.Function, Tag, "Suspends a running instance.",
            c => ControlAsync(c, (b, reason) => b.SuspendAsync(c.Route("id"), reason, c.Aborted), "suspend")),
        new("ResumeInstance", "POST", "api/instances/{id}/resume", AuthLevel.Function, Tag, "Resumes a suspended instance.",
            c => ControlAsync(c, (b, reason) => b.ResumeAsync(c.Route("id"), reason, c.Aborted), "resume")),
        new("RewindInstance", "POST", "api/instances/{id}/rewind", AuthLevel.Function, Tag, "Retries a failed instance from its failed steps.",
            c => ControlAsync(c, (b, reason) => b.RewindAsync(c.Route("id"), reason, c.Aborted), "rewind")),
        new("PurgeInstance", "DELETE", "api/instances/{id}", AuthLevel.Admin, Tag, "Purges a finished instance and its history (admin).", c => PurgeOneAsync(c, c.Route("id"))),
        new("PurgeInstances", "DELETE", "api/instances", AuthLevel.Admin, Tag, "Purges finished instances matching ?status=, ?createdFrom=, ?createdTo= (admin).", PurgeManyAsync),
    ];

    private static async Task<IResult> StartAsync(ApiCall c)
    {
        var r = c.Request;
        var input = await Body.ReadJsonAsync(r, c.Aborted).ConfigureAwait(false);
        var wait = Query.Wait(r);
        var id = await c.Operations.StartAsync(c.Route("name"), Query.One(r, "version"), Query.One(r, "catalog"),
            Query.One(r, "instanceId"), input, r.Headers["traceparent"].FirstOrDefault(), c.Aborted).ConfigureAwait(false);
        if (wait is { } limit && await c.Operations.WaitAsync(id, limit, c.Aborted).ConfigureAwait(false) is { } final)
        {
            return TypedResults.Json(StatusPayloads.Status(await c.Operations.ShownAsync(final, c.Aborted).ConfigureAwait(false)), statusCode: StatusCodes.Status200OK);
        }
        return Accepted(c, id, location: true);
    }

    /// <summary>202 with the check-status payload for an instance, and its status URI as Location when asked.</summary>
    internal static IResult Accepted(ApiCall c, string instanceId, bool location)
    {
        var payload = c.Host.CheckStatus(c.Request, instanceId);
        if (location)
        {
            c.Http.Response.Headers.Location = payload["statusQueryGetUri"]!.GetValue<string>();
        }
        return TypedResults.Json(payload, statusCode: StatusCodes.Status202Accepted);
    }

    private static async Task<IResult> ListAsync(ApiCall c)
    {
        var r = c.Request;
        var query = Query.Instances(r, "status", "createdFrom", "createdTo", Query.One(r, "continuationToken"));
        var page = await c.Operations.Backend.ListInstancesAsync(query, c.Aborted).ConfigureAwait(false);
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

    private static async Task<IResult> GetAsync(ApiCall c) =>
        await StatusAsync(c, c.Route("id")).ConfigureAwait(false) is var (_, body) && body is not null ? TypedResults.Json(body) : Problems.InstanceNotFound(c.Route("id"));

    /// <summary>An instance's state and its status as both status routes show it (<c>?showHistory</c>, <c>?showInput=false</c>); nulls when there is none.</summary>
    internal static async Task<(InstanceState? State, JsonObject? Body)> StatusAsync(ApiCall c, string id)
    {
        var r = c.Request;
        if (await c.Operations.StatusAsync(id, c.Aborted).ConfigureAwait(false) is not { } state)
        {
            return (null, null);
        }
        var history = Query.Flag(r, "showHistory") ? await c.Operations.HistoryAsync(id, 0, 10_000, c.Aborted).ConfigureAwait(false) : null;
        return (state, StatusPayloads.Status(state, !r.Query.ContainsKey("showInput") || Query.Flag(r, "showInput"), history));
    }

    private static async Task<IResult> HistoryAsync(ApiCall c)
    {
        var (id, r) = (c.Route("id"), c.Request);
        if (await c.Operations.Backend.GetStateAsync(id, c.Aborted).ConfigureAwait(false) is null)
        {
            return Problems.InstanceNotFound(id);
        }
        var from = Query.Int(r, "from", 0, 0, int.MaxValue);
        var top = Query.Int(r, "top", 100, 1, 1000);
        var events = await c.Operations.HistoryAsync(id, from, top, c.Aborted).ConfigureAwait(false);
        // Who did what to the instance: its entries of the audit log, beside the engine's events (which say what happened).
        var actions = await c.Operations.Backend.Audit.QueryAsync(new Abstractions.Audit.AuditQuery(InstanceId: id, MaxCount: 1000), c.Aborted).ConfigureAwait(false);
        return TypedResults.Json(new JsonObject
        {
            ["events"] = new JsonArray([.. events]),
            ["next"] = events.Count == top ? from + top : null,
            ["actions"] = new JsonArray([.. actions.Select(a => (JsonNode?)JsonNode.Parse(a.Body))]),
        });
    }

    private static async Task<IResult> StateAtAsync(ApiCall c)
    {
        var id = c.Route("id");
        var sequence = long.Parse(c.Route("sequence"), System.Globalization.CultureInfo.InvariantCulture);
        if (await c.Operations.Backend.GetStateAtAsync(id, sequence, c.Aborted).ConfigureAwait(false) is not { } state)
        {
            return Problems.InstanceNotFound(id);
        }
        var status = StatusPayloads.Status(state);
        status["sequence"] = sequence;
        return TypedResults.Json(status);
    }

    private static async Task<IResult> ForkAsync(ApiCall c)
    {
        var (id, r) = (c.Route("id"), c.Request);
        var at = r.Query.ContainsKey("at")
            ? Query.Int(r, "at", 0, 0, int.MaxValue)
            : throw new BadRequestException("bad-argument", "'at' is required.", "Pass ?at=<sequence> of the history event to fork after (see GET /api/instances/{id}/history).");
        var body = await Body.ReadTextAsync(r, c.Aborted).ConfigureAwait(false);
        var replace = !string.IsNullOrWhiteSpace(body);
        var forked = await c.Operations.ForkAsync(new Baton.Abstractions.ForkRequest(id, at, replace ? Body.ParseJson(body) : null, replace, Query.One(r, "instanceId")), c.Aborted)
            .ConfigureAwait(false);
        return forked is null ? Problems.InstanceNotFound(id) : Accepted(c, forked, location: true);
    }

    private static async Task<IResult> RaiseAsync(ApiCall c)
    {
        var data = await Body.ReadJsonAsync(c.Request, c.Aborted).ConfigureAwait(false);
        return Answer(c, await c.Operations.RaiseEventAsync(c.Route("id"), c.Route("eventName"), data, c.Aborted).ConfigureAwait(false), "raise an event on");
    }

    /// <summary>Sends a control event; 202 when taken, 404 when there is no instance, 409 when its status does not allow it.</summary>
    private static async Task<IResult> ControlAsync(ApiCall c, Func<Baton.Abstractions.IWorkflowBackend, string, Task<bool>> send, string verb) =>
        Answer(c, await c.Operations.ControlAsync(c.Route("id"), b => send(b, Query.Reason(c.Request)), c.Aborted).ConfigureAwait(false), verb);

    private static IResult Answer(ApiCall c, (bool Accepted, InstanceState State)? taken, string verb) =>
        taken switch
        {
            null => Problems.InstanceNotFound(c.Route("id")),
            { Accepted: false } refused => Conflict(refused.State, verb),
            _ => Accepted(c, c.Route("id"), location: false),
        };

    internal static IResult Conflict(InstanceState state, string verb) =>
        Problems.Create(StatusCodes.Status409Conflict, "illegal-transition", $"Cannot {verb} an instance that is {state.Status.ToString().ToLowerInvariant()}.",
            $"Instance '{state.InstanceId}' is {state.Status}; nothing was changed.");

    /// <summary>Purges one finished instance: 200, 404 when there is none, 409 while it runs.</summary>
    internal static async Task<IResult> PurgeOneAsync(ApiCall c, string id)
    {
        var backend = c.Operations.Backend;
        return await backend.PurgeAsync(id, c.Aborted).ConfigureAwait(false) switch
        {
            null => Problems.InstanceNotFound(id),
            false => Conflict((await backend.GetStateAsync(id, c.Aborted).ConfigureAwait(false))!, "purge"),
            true => TypedResults.Json(new JsonObject { ["instancesDeleted"] = 1 }),
        };
    }

    private static async Task<IResult> PurgeManyAsync(ApiCall c)
    {
        var deleted = await c.Operations.Backend.PurgeAsync(Query.Instances(c.Request, "status", "createdFrom", "createdTo", null) with { MaxCount = 100_000 }, c.Aborted)
            .ConfigureAwait(false);
        return TypedResults.Json(new JsonObject { ["instancesDeleted"] = deleted });
    }
}
