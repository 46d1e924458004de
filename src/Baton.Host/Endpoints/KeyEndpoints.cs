using System.Text.Json.Nodes;
using Baton.Host.Auth;
using Baton.Host.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Baton.Host.Endpoints;

/// <summary>Key management with the Azure Functions host admin API's routes and shapes (<c>/admin/host/keys</c>); admin key.</summary>
/// <remarks>GET lists the function keys; PUT with <c>{ "name", "value" }</c> sets one; POST makes a new random one
/// (POST <c>_master</c> replaces the admin key); DELETE removes one. Changes take effect at once and are written
/// to the keys file.</remarks>
internal static class KeyEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/admin/host/keys").RequireKey(AuthLevel.Admin).WithTags("Keys");
        g.MapGet("", (HostKeys keys) => TypedResults.Json(new JsonObject
        {
            ["keys"] = new JsonArray([.. keys.FunctionKeys.Select(k => (JsonNode?)Key(k.Key, k.Value))]),
        })).WithSummary("Lists the function keys (admin).");
        g.MapGet("/{name}", (string name, HostKeys keys) => keys.FunctionKeys.TryGetValue(name, out var value)
            ? TypedResults.Json(Key(name, value))
            : NotFound(name)).WithSummary("Reads one function key (admin).");
        g.MapPut("/{name}", async (string name, HttpRequest r, HostKeys keys, CancellationToken ct) =>
        {
            var body = await Body.ReadJsonAsync(r, ct).ConfigureAwait(false);
            if (body?["value"] is not JsonValue v || v.GetValueKind() != System.Text.Json.JsonValueKind.String)
            {
                return Problems.Create(StatusCodes.Status400BadRequest, "bad-key", "No key value.",
                    "Send { \"name\": \"<name>\", \"value\": \"<at least 16 characters>\" }, or POST to the same route for a random key.");
            }
            return Set(keys, name, v.GetValue<string>());
        }).WithSummary("Sets a function key to a given value (admin).");
        g.MapPost("/{name}", (string name, HostKeys keys) => name == HostKeys.MasterName
            ? TypedResults.Json(Key(name, keys.RegenerateMasterKey()))
            : Set(keys, name, null)).WithSummary("Creates or replaces a function key with a random value; _master replaces the admin key (admin).");
        g.MapDelete("/{name}", (string name, HostKeys keys) => keys.DeleteFunctionKey(name) ? TypedResults.NoContent() : NotFound(name))
            .WithSummary("Deletes a function key (admin).");
    }

    private static IResult Set(HostKeys keys, string name, string? value)
    {
        var (stored, created) = keys.SetFunctionKey(name, value);
        return TypedResults.Json(Key(name, stored), statusCode: created ? StatusCodes.Status201Created : StatusCodes.Status200OK);
    }

    private static JsonObject Key(string name, string value) => new() { ["name"] = name, ["value"] = value };

    private static IResult NotFound(string name) =>
        Problems.Create(StatusCodes.Status404NotFound, "key-not-found", "No such key.", $"There is no function key '{name}'. GET /admin/host/keys lists them.");
}
