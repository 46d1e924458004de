using System.Text.Json.Nodes;
using Baton.ControlPlane.Auth;
using Baton.ControlPlane.Http;
using Baton.ControlPlane.Routing;
using Baton.ControlPlane.Watch;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Baton.ControlPlane.Routes;

/// <summary>The dead letters (failed instances, with bulk rewind and purge by query) and the watchdog (instances that may
/// never finish without help), on both hosts.</summary>
/// <remarks>Queries take <c>name</c>, <c>createdFrom</c>, <c>createdTo</c>, <c>instanceIdPrefix</c> and <c>top</c> (at most 1,000)
/// as instance listings do. Bulk actions take <c>?dryRun=true</c> to answer what they would do; each answers the ids it
/// acted on and <c>more</c> when the query matches further instances.</remarks>
internal static class WatchRoutes
{
    private const string Tag = "Watch";

    public static IEnumerable<ApiRoute> All =>
    [
        new("ListDeadLetters", "GET", "api/dead-letters", AuthLevel.Function, Tag,
            "Lists failed instances with the step, attempts and error that failed them, newest first.", ListAsync),
        new("RewindDeadLetters", "POST", "api/dead-letters/rewind", AuthLevel.Function, Tag,
            "Rewinds the failed instances a query matches (?dryRun=true lists them only).", RewindAsync),
        new("PurgeDeadLetters", "DELETE", "api/dead-letters", AuthLevel.Admin, Tag,
            "Purges the failed instances a query matches (admin; ?dryRun=true lists them only).", PurgeAsync),
        new("Watchdog", "GET", "api/watchdog", AuthLevel.Function, Tag,
            "Lists running instances with no progress for ?idleFor= (default BATON_WATCHDOG_IDLE, 1h) or waiting for an event with no timeout.", WatchdogAsync),
    ];

    private static async Task<IResult> ListAsync(ApiCall c)
    {
        var (found, more) = await DeadLetters.FindAsync(c.Operations, Filter(c), c.Aborted).ConfigureAwait(false);
        return TypedResults.Json(new JsonObject { ["deadLetters"] = new JsonArray([.. found.Select(s => (JsonNode?)DeadLetters.Describe(s))]), ["more"] = more });
    }

    private static Task<IResult> RewindAsync(ApiCall c) =>
        BulkAsync(c, "rewound", (id, ct) => c.Operations.Backend.RewindAsync(id, Query.Reason(c.Request), ct));

    private static Task<IResult> PurgeAsync(ApiCall c) =>
        BulkAsync(c, "purged", async (id, ct) => await c.Operations.Backend.PurgeAsync(id, ct).ConfigureAwait(false) == true);

    private static async Task<IResult> BulkAsync(ApiCall c, string verb, Func<string, CancellationToken, Task<bool>> act)
    {
        var (found, more) = await DeadLetters.FindAsync(c.Operations, Filter(c), c.Aborted).ConfigureAwait(false);
        var ids = found.Select(s => s.InstanceId).ToList();
        var body = new JsonObject { ["matched"] = ids.Count, ["more"] = more, ["dryRun"] = Query.Flag(c.Request, "dryRun") };
        if (Query.Flag(c.Request, "dryRun"))
        {
            body["instanceIds"] = new JsonArray([.. ids.Select(i => (JsonNode?)i)]);
            return TypedResults.Json(body);
        }
        var done = new JsonArray();
        var skipped = new JsonArray();
        foreach (var id in ids)
        {
            (await act(id, c.Aborted).ConfigureAwait(false) ? done : skipped).Add(id);
        }
        body[verb] = done;
        body["skipped"] = skipped;
        return TypedResults.Json(body);
    }

    private static async Task<IResult> WatchdogAsync(ApiCall c)
    {
        var settings = c.Http.RequestServices.GetRequiredService<Runtime.Composition.BatonContext>();
        TimeSpan idle;
        try
        {
            idle = Watchdog.Idle(Query.One(c.Request, "idleFor") ?? settings.AppSetting(Watchdog.IdleSetting), Query.One(c.Request, "idleFor") is null ? Watchdog.IdleSetting : "'idleFor'");
        }
        catch (FormatException ex)
        {
            throw new BadRequestException("bad-argument", "'idleFor' is invalid.", ex.Message);
        }
        var (stuck, examined) = await Watchdog.ScanAsync(c.Operations, Filter(c), settings.Time.GetUtcNow(), idle, c.Aborted).ConfigureAwait(false);
        return TypedResults.Json(new JsonObject
        {
            ["idleFor"] = Core.Definitions.Duration.Format(idle),
            ["examined"] = examined,
            ["stuck"] = new JsonArray([.. stuck.Select(s => (JsonNode?)new JsonObject
            {
                ["instanceId"] = s.InstanceId,
                ["name"] = s.Name,
                ["runtimeStatus"] = s.Status,
                ["kind"] = s.Kind,
                ["step"] = s.Step,
                ["lastProgressAt"] = s.LastProgressAt.ToString("O"),
                ["reason"] = s.Reason,
            })]),
        });
    }

    private static Abstractions.InstanceQuery Filter(ApiCall c) => Query.Instances(c.Request, "status", "createdFrom", "createdTo", Query.One(c.Request, "continuationToken"));
}
