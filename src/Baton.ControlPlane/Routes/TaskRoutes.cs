using System.Text.Json.Nodes;
using Baton.ControlPlane.Auth;
using Baton.ControlPlane.Http;
using Baton.ControlPlane.Routing;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Baton.ControlPlane.Routes;

/// <summary>The tasks a workflow may name here (<c>GET /api/tasks</c>, admin key): the active catalog's bindings and the
/// in-process functions, for the designer's palette.</summary>
/// <remarks>Each task is <c>{ name, source: catalog | function, runner, description?, version?, roles?, format?, input_message?, output_message?, input_schema?, output_schema? }</c>. Only what a palette
/// shows is returned: never a binding's command, URL, headers or settings.</remarks>
internal static class TaskRoutes
{
    public static IEnumerable<ApiRoute> All =>
    [
        new("ListTasks", "GET", "api/tasks", AuthLevel.Admin, "Definitions",
            "Lists the tasks a workflow may name: the catalog's bindings (?catalog=, default 'default') and the in-process functions (admin).", ListAsync),
    ];

    private static async Task<IResult> ListAsync(ApiCall c)
    {
        var (r, cp, ct) = (c.Request, c.Operations, c.Aborted);
        var catalogName = Query.One(r, "catalog") ?? Operations.DefaultCatalog;
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
                foreach (var key in new[] { "description", "version", "roles", "format", "input_message", "output_message", "pool", "input_schema", "output_schema" })
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
        // The plugins this host loaded: what a binding with runner: plugin may name, with the schema of its settings.
        var loaded = c.Http.RequestServices.GetService<Runtime.Runners.TaskExecutor>()?.Plugins ?? Runtime.Plugins.PluginHost.None;
        var plugins = new JsonArray([.. loaded.Plugins.Values.OrderBy(p => p.Name, StringComparer.Ordinal).Select(p => (JsonNode?)new JsonObject
        {
            ["name"] = p.Name,
            ["version"] = p.Version,
            ["description"] = p.Description,
            ["settings_schema"] = p.SettingsSchema?.DeepClone(),
        })]);
        return TypedResults.Json(new JsonObject
        {
            ["catalog"] = catalog,
            ["tasks"] = tasks,
            ["plugins"] = plugins,
            ["pluginProblems"] = new JsonArray([.. loaded.Problems.Select(p => (JsonNode?)p)]),
        });
    }
}
