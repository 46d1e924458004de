using System.Text.Json.Nodes;
using Baton.Abstractions;
using Baton.ControlPlane.Auth;
using Baton.ControlPlane.Http;
using Baton.ControlPlane.Routing;
using Microsoft.AspNetCore.Http;

namespace Baton.ControlPlane.Routes;

/// <summary>Moving running instances to another version of their workflow, one or many, on both hosts.</summary>
/// <remarks><c>?version=</c> names the version (default: the active one); <c>?dryRun=true</c> only checks; <c>?reason=</c> goes into
/// history. An instance that cannot move is refused with every reason (docs/workflow-language.md#migrating-running-instances).</remarks>
internal static class MigrationRoutes
{
    private const string Tag = "Instances";

    public static IEnumerable<ApiRoute> All =>
    [
        new("MigrateInstance", "POST", "api/instances/{id}/migrate", AuthLevel.Function, Tag,
            "Moves a running instance to ?version= (default: the active version) of its workflow when compatible; ?dryRun=true only checks.", MigrateOneAsync),
        new("MigrateInstances", "POST", "api/instances/migrate", AuthLevel.Function, Tag,
            "Moves the running instances of workflow ?name= that a query matches to ?version= (default: the active one); ?dryRun=true only checks.", MigrateManyAsync),
    ];

    private static async Task<IResult> MigrateOneAsync(ApiCall c)
    {
        var (id, r) = (c.Route("id"), c.Request);
        var dryRun = Query.Flag(r, "dryRun");
        if (await c.Operations.MigrateAsync(id, Query.One(r, "version"), Query.Reason(r), dryRun, null, c.Aborted).ConfigureAwait(false) is not { } result)
        {
            return Problems.InstanceNotFound(id);
        }
        return result.Outcome switch
        {
            MigrationOutcome.Refused when !dryRun => Problems.Create(StatusCodes.Status409Conflict, "migration-refused",
                $"Instance '{id}' cannot move from version {result.FromVersion} to {result.ToVersion}.",
                $"{result.Problems.Count} reason(s), listed in 'problems'; nothing was changed.",
                new Dictionary<string, object?> { ["problems"] = result.Problems }),
            MigrationOutcome.Requested => TypedResults.Json(Describe(id, result), statusCode: StatusCodes.Status202Accepted),
            _ => TypedResults.Json(Describe(id, result)),
        };
    }

    private static async Task<IResult> MigrateManyAsync(ApiCall c)
    {
        var r = c.Request;
        var query = Query.Instances(r, "status", "createdFrom", "createdTo", Query.One(r, "continuationToken"));
        if (query.WorkflowName is null)
        {
            throw new BadRequestException("bad-argument", "'name' is required.", "A version belongs to one workflow: pass ?name=<workflow> (and ?version=, default the active one).");
        }
        var page = await c.Operations.Backend.ListInstancesAsync(query with { Statuses = [Core.Engine.InstanceStatus.Running], MaxCount = query.MaxCount + 1 }, c.Aborted)
            .ConfigureAwait(false);
        var results = new JsonArray();
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var summary in page.Take(query.MaxCount))
        {
            // The listing names each instance's workflow, so its state is read once, by the backend's own check.
            if (await c.Operations.MigrateAsync(summary.InstanceId, Query.One(r, "version"), Query.Reason(r), Query.Flag(r, "dryRun"), summary.WorkflowName, c.Aborted)
                .ConfigureAwait(false) is { } result)
            {
                results.Add(Describe(summary.InstanceId, result));
                counts[Outcome(result)] = counts.GetValueOrDefault(Outcome(result)) + 1;
            }
        }
        return TypedResults.Json(new JsonObject
        {
            ["matched"] = results.Count,
            ["more"] = page.Count > query.MaxCount,
            ["dryRun"] = Query.Flag(r, "dryRun"),
            ["counts"] = new JsonObject([.. counts.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, (JsonNode?)p.Value))]),
            ["instances"] = results,
        });
    }

    private static JsonObject Describe(string id, MigrationResult result) => new()
    {
        ["instanceId"] = id,
        ["outcome"] = Outcome(result),
        ["fromVersion"] = result.FromVersion,
        ["toVersion"] = result.ToVersion,
        ["problems"] = new JsonArray([.. result.Problems.Select(p => (JsonNode?)p)]),
    };

    private static string Outcome(MigrationResult result) => result.Outcome.ToString().ToLowerInvariant();
}
