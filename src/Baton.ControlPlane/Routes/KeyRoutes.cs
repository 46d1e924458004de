using System.Text.Json.Nodes;
using Baton.ControlPlane.Auth;
using Baton.ControlPlane.Http;
using Baton.ControlPlane.Routing;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Baton.ControlPlane.Routes;

/// <summary>Key management with the Azure Functions host admin API's routes and shapes (<c>/admin/host/keys</c>); admin key;
/// <c>baton serve</c> only (the Functions host serves these routes itself).</summary>
/// <remarks>GET lists the function keys; PUT with <c>{ "name", "value" }</c> sets one; POST makes a new random one
/// (POST <c>_master</c> replaces the admin key); DELETE removes one. Changes take effect at once and are written
/// to the keys file.</remarks>
internal static class KeyRoutes
{
    private const string MasterName = "_master";

    public static IEnumerable<ApiRoute> All =>
    [
        Serve("ListKeys", "GET", "admin/host/keys", "Lists the function keys (admin).",
            c => Task.FromResult<IResult>(TypedResults.Json(new JsonObject
            {
                ["keys"] = new JsonArray([.. Keys(c).FunctionKeys.Select(k => (JsonNode?)Key(k.Key, k.Value))]),
            }))),
        Serve("GetKey", "GET", "admin/host/keys/{name}", "Reads one function key (admin).",
            c => Task.FromResult(Keys(c).FunctionKeys.TryGetValue(c.Route("name"), out var value) ? TypedResults.Json(Key(c.Route("name"), value)) : NotFound(c.Route("name")))),
        Serve("SetKey", "PUT", "admin/host/keys/{name}", "Sets a function key to a given value (admin).", async c =>
        {
            var body = await Body.ReadJsonAsync(c.Request, c.Aborted).ConfigureAwait(false);
            if (body?["value"] is not JsonValue v || v.GetValueKind() != System.Text.Json.JsonValueKind.String)
            {
                return Problems.Create(StatusCodes.Status400BadRequest, "bad-key", "No key value.",
                    "Send { \"name\": \"<name>\", \"value\": \"<at least 16 characters>\" }, or POST to the same route for a random key.");
            }
            return Set(Keys(c), c.Route("name"), v.GetValue<string>());
        }),
        Serve("CreateKey", "POST", "admin/host/keys/{name}", "Creates or replaces a function key with a random value; _master replaces the admin key (admin).",
            c => Task.FromResult(c.Route("name") == MasterName
                ? TypedResults.Json(Key(MasterName, Keys(c).RegenerateMasterKey()))
                : Set(Keys(c), c.Route("name"), null))),
        Serve("DeleteKey", "DELETE", "admin/host/keys/{name}", "Deletes a function key (admin).",
            c => Task.FromResult(Keys(c).DeleteFunctionKey(c.Route("name")) ? TypedResults.NoContent() : NotFound(c.Route("name")))),
    ];

    private static ApiRoute Serve(string name, string method, string template, string summary, ApiHandler handler) =>
        new(name, method, template, AuthLevel.Admin, "Keys", summary, handler) { Hosts = ApiHosts.Serve };

    private static IKeyStore Keys(ApiCall c) => c.Http.RequestServices.GetRequiredService<IKeyStore>();

    private static IResult Set(IKeyStore keys, string name, string? value)
    {
        var (stored, created) = keys.SetFunctionKey(name, value);
        return TypedResults.Json(Key(name, stored), statusCode: created ? StatusCodes.Status201Created : StatusCodes.Status200OK);
    }

    private static JsonObject Key(string name, string value) => new() { ["name"] = name, ["value"] = value };

    private static IResult NotFound(string name) =>
        Problems.Create(StatusCodes.Status404NotFound, "key-not-found", "No such key.", $"There is no function key '{name}'. GET /admin/host/keys lists them.");
}
