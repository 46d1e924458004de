using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Baton.ControlPlane.Auth;
using Baton.ControlPlane.Routing;

namespace Baton.ControlPlane.OpenApi;

/// <summary>The OpenAPI 3.0 document of the API, made from the route table, so both hosts describe what they serve the same way.</summary>
/// <remarks>Each route is an operation (its name the operation id, its summary and tag), its path parameters typed from
/// the template, its key level a security requirement (<c>x-functions-key</c> header or <c>code</c> query), and every
/// error an RFC 7807 problem.</remarks>
public static partial class ApiDocument
{
    /// <summary>Builds the document for the routes a host serves.</summary>
    public static JsonObject Build(IEnumerable<ApiRoute> routes, ApiHosts host)
    {
        ArgumentNullException.ThrowIfNull(routes);
        var paths = new JsonObject();
        foreach (var route in routes.OrderBy(r => r.Template, StringComparer.Ordinal))
        {
            foreach (var template in host == ApiHosts.Serve ? [route.Template, .. route.Aliases] : new[] { route.Template })
            {
                var path = "/" + Parameter().Replace(template, m => "{" + m.Groups["name"].Value + "}");
                var item = paths[path] as JsonObject ?? new JsonObject();
                item[route.Method.ToLowerInvariant()] = Operation(route, template);
                paths[path] = item;
            }
        }
        return new JsonObject
        {
            ["openapi"] = "3.0.1",
            ["info"] = new JsonObject
            {
                ["title"] = "Baton control plane",
                ["version"] = "v1",
                ["description"] = host == ApiHosts.Serve
                    ? "Durable workflows over HTTP: Baton's API under /api, the Durable Functions HTTP API under /runtime/webhooks/durabletask, " +
                      "and task events from services at /api/events. Keys go in x-functions-key (or aeg-sas-key) or ?code=. Errors are RFC 7807 problem details."
                    : "Durable workflows over HTTP on Azure Functions: Baton's API under /api (the Durable extension serves its own API under " +
                      "/runtime/webhooks/durabletask). Keys are the function app's, in x-functions-key or ?code=. Errors are RFC 7807 problem details.",
            },
            ["paths"] = paths,
            ["components"] = new JsonObject
            {
                ["securitySchemes"] = new JsonObject
                {
                    ["keyHeader"] = new JsonObject { ["type"] = "apiKey", ["in"] = "header", ["name"] = "x-functions-key" },
                    ["keyQuery"] = new JsonObject { ["type"] = "apiKey", ["in"] = "query", ["name"] = "code" },
                },
                ["schemas"] = new JsonObject
                {
                    ["Problem"] = new JsonObject
                    {
                        ["type"] = "object",
                        ["properties"] = new JsonObject
                        {
                            ["type"] = new JsonObject { ["type"] = "string" },
                            ["title"] = new JsonObject { ["type"] = "string" },
                            ["status"] = new JsonObject { ["type"] = "integer" },
                            ["detail"] = new JsonObject { ["type"] = "string" },
                        },
                    },
                },
            },
        };
    }

    private static JsonObject Operation(ApiRoute route, string template)
    {
        var op = new JsonObject
        {
            ["operationId"] = route.Name,
            ["summary"] = route.Summary,
            ["tags"] = new JsonArray(route.Tag),
            ["responses"] = new JsonObject
            {
                ["200"] = new JsonObject { ["description"] = "Success (202 when the operation was accepted and goes on)." },
                ["default"] = new JsonObject
                {
                    ["description"] = "An RFC 7807 problem.",
                    ["content"] = new JsonObject { ["application/problem+json"] = new JsonObject { ["schema"] = new JsonObject { ["$ref"] = "#/components/schemas/Problem" } } },
                },
            },
        };
        var parameters = new JsonArray([.. Parameter().Matches(template).Select(m => (JsonNode)new JsonObject
        {
            ["name"] = m.Groups["name"].Value,
            ["in"] = "path",
            ["required"] = true,
            ["schema"] = new JsonObject { ["type"] = m.Groups["type"].Value == "long" ? "integer" : "string" },
        })]);
        if (parameters.Count > 0)
        {
            op["parameters"] = parameters;
        }
        if (route.Level != AuthLevel.Anonymous)
        {
            op["security"] = new JsonArray(new JsonObject { ["keyHeader"] = new JsonArray() }, new JsonObject { ["keyQuery"] = new JsonArray() });
            op["description"] = route.Level == AuthLevel.Admin ? "Needs the admin key." : "Needs a function key or the admin key.";
        }
        return op;
    }

    [GeneratedRegex(@"\{\*?(?<name>[A-Za-z]+)(:(?<type>[a-z]+))?\??\}")]
    private static partial Regex Parameter();
}
