using System.Text.Json.Nodes;
using Baton.Host.Api;
using Baton.Host.Auth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Baton.Host.Endpoints;

/// <summary>The tasks a workflow may name here (<c>GET /api/tasks</c>, admin key): the active catalog's bindings and the
/// in-process functions, for the designer's palette.</summary>
/// <remarks>Each task is <c>{ name, source: catalog | function, runner, description?, input_schema? }</c>. Only what a palette
/// shows is returned: never a binding's command, URL, headers or settings.</remarks>
internal static class TaskEndpoints
{
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/api/tasks", ListAsync).RequireKey(AuthLevel.Admin).WithTags("Definitions")
            .WithSummary("Lists the tasks a workflow may name: the catalog's bindings (?catalog=, default 'default') and the in-process functions.");

    private static async Task<IResult> ListAsync(HttpRequest r, ControlPlane cp, CancellationToken ct)
    {
        var catalogName = Query.One(r, "catalog") ?? ControlPlane.DefaultCatalog;
        var tasks = new JsonArray();
        JsonObject? catalog = null;
        var names = new HashSet<string>(StringComparer.Ordinal);
        if ((await cp.Registry.ResolveAsync("catalog", catalogName, null, ct).ConfigureAwait(false)).Definition is { } stored
            && Core.Definitions.SourceReader.Read(stored.Content, stored.FileName).Document?.Root is JsonObject root)
        {
            catalog = new JsonObject { ["name"] = stored.Name, ["version"] = stored.Version };
            foreach (var (name, node) in root["tasks"] as JsonObject ?? [])
            {
                names.Add(name);
                var task = new JsonObject { ["name"] = name, ["source"] = "catalog", ["runner"] = node?["runner"]?.DeepClone() };
                foreach (var key in new[] { "description", "input_schema" })
                {
                    if (node?[key] is { } value)
                    {
                        task[key] = value.DeepClone();
                    }
                }
                tasks.Add(task);
            }
        }
        foreach (var function in cp.Backend.FunctionNames.Where(f => !names.Contains(f)).Order(StringComparer.Ordinal))
        {
            tasks.Add(new JsonObject { ["name"] = function, ["source"] = "function", ["runner"] = "function" });
        }
        return TypedResults.Json(new JsonObject { ["catalog"] = catalog, ["tasks"] = tasks });
    }
}
