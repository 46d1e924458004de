using System.Text.Json.Nodes;
using Baton.Abstractions.Audit;
using Baton.ControlPlane.Auth;
using Baton.ControlPlane.Http;
using Baton.ControlPlane.Routing;
using Microsoft.AspNetCore.Http;

namespace Baton.ControlPlane.Routes;

/// <summary>The audit log of control actions: read by time, actor, instance and action, and its hash chain verified (admin key).</summary>
internal static class AuditRoutes
{
    public static IEnumerable<ApiRoute> All =>
    [
        new("ListAudit", "GET", "api/audit", AuthLevel.Admin, "Audit",
            "Lists audit entries oldest first: ?from= &to= &actor= &instanceId= &action= &after=<sequence> &top= (admin).", ListAsync),
        new("VerifyAudit", "GET", "api/audit/verify", AuthLevel.Admin, "Audit",
            "Checks the audit log's hash chain from its first entry: 200 with the head hash, or 409 naming the first broken entry (admin).", VerifyAsync),
    ];

    private static async Task<IResult> ListAsync(ApiCall c)
    {
        var r = c.Request;
        var query = new AuditQuery(Query.Time(r, "from"), Query.Time(r, "to"), Query.One(r, "actor"), Query.One(r, "instanceId"), Query.One(r, "action"),
            Query.One(r, "after") is { } after ? long.TryParse(after, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var a) ? a
                : throw new BadRequestException("bad-argument", "'after' is invalid.", $"'after' must be an entry's sequence number, not '{after}'.") : 0,
            Query.Int(r, "top", 100, 1, 1000));
        var entries = await c.Operations.Backend.Audit.QueryAsync(query, c.Aborted).ConfigureAwait(false);
        return TypedResults.Json(new JsonObject
        {
            ["entries"] = new JsonArray([.. entries.Select(e =>
            {
                var o = JsonNode.Parse(e.Body)!.AsObject();
                o["prevHash"] = e.PreviousHash;
                o["hash"] = e.Hash;
                return (JsonNode?)o;
            })]),
            ["next"] = entries.Count == query.MaxCount ? entries[^1].Sequence : null,
        });
    }

    private static async Task<IResult> VerifyAsync(ApiCall c)
    {
        var (verified, count, head, brokenAt, reason) = await AuditChain.VerifyAsync(c.Operations.Backend.Audit, c.Aborted).ConfigureAwait(false);
        var body = new JsonObject { ["verified"] = verified, ["entries"] = count, ["head"] = head };
        if (verified)
        {
            return TypedResults.Json(body);
        }
        return Problems.Create(StatusCodes.Status409Conflict, "audit-chain-broken", "The audit log's hash chain is broken.", reason!,
            new Dictionary<string, object?> { ["brokenAt"] = brokenAt, ["entries"] = count, ["head"] = head });
    }
}
