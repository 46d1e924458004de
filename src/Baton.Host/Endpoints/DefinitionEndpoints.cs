using System.Text.Json.Nodes;
using Baton.Host.Api;
using Baton.Host.Auth;
using Baton.Host.Http;
using Baton.Runtime.Store;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Baton.Host.Endpoints;

/// <summary>The definitions registry (<c>/api/definitions</c>) and the catalog registry (<c>/api/catalogs</c>); admin key.</summary>
/// <remarks>Uploads are YAML or JSON text, validated before anything is stored (errors carry line and column).
/// Versions are immutable: the same name and version with other content is a 409; the same content again is a
/// 200. The first version of a name becomes active; activate another with POST .../activate. <c>?dryRun=true</c> validates
/// without storing anything: 200 <c>{ valid: true, name, version, hash }</c>, or 200 <c>{ valid: false, errors }</c> with the
/// errors a registration's 400 would carry.</remarks>
internal static class DefinitionEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        foreach (var (route, kind) in new[] { ("definitions", "workflow"), ("catalogs", "catalog") })
        {
            var g = app.MapGroup($"/api/{route}").RequireKey(AuthLevel.Admin).WithTags(route == "definitions" ? "Definitions" : "Catalogs");
            g.MapPost("", (HttpRequest r, ControlPlane cp, CancellationToken ct) => UploadAsync(kind, route, r, cp, ct));
            g.MapGet("", async (ControlPlane cp, CancellationToken ct) => TypedResults.Json(Names(await cp.Registry.ListAsync(kind, null, ct).ConfigureAwait(false))));
            g.MapGet("/{name}", async (string name, ControlPlane cp, CancellationToken ct) =>
                await cp.Registry.ListAsync(kind, name, ct).ConfigureAwait(false) is { Count: > 0 } versions
                    ? TypedResults.Json(Names(versions)[0])
                    : throw Registry.NotFound(kind, name, null));
            g.MapGet("/{name}/versions/{version}", (string name, string version, ControlPlane cp, CancellationToken ct) => GetAsync(kind, name, version, cp, ct));
            g.MapPost("/{name}/versions/{version}/activate", async (string name, string version, ControlPlane cp, CancellationToken ct) =>
            {
                await cp.Registry.ActivateAsync(kind, name, version, ct).ConfigureAwait(false);
                return await GetAsync(kind, name, version, cp, ct).ConfigureAwait(false);
            });
            g.MapDelete("/{name}/versions/{version}", async (string name, string version, ControlPlane cp, CancellationToken ct) =>
                await cp.Registry.RetireAsync(kind, name, version, ct).ConfigureAwait(false) ? TypedResults.NoContent() : throw Registry.NotFound(kind, name, version));
            g.MapGet("/{name}/diff", (string name, HttpRequest r, ControlPlane cp, CancellationToken ct) => DiffAsync(kind, name, r, cp, ct));
        }
    }

    private static async Task<IResult> UploadAsync(string kind, string route, HttpRequest r, ControlPlane cp, CancellationToken ct)
    {
        var text = await Body.ReadTextAsync(r, ct).ConfigureAwait(false);
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new BadRequestException("empty-body", "The body is empty.", $"Send the {kind} as YAML or JSON text.");
        }
        var fileName = Query.One(r, "fileName") ?? $"upload.{(text.TrimStart().StartsWith('{') ? "json" : "yaml")}";
        if (Query.Flag(r, "dryRun"))
        {
            // Validation only (what the designer asks while the user types): the same checks as a registration, nothing
            // stored. The answer is the verdict, so an invalid text is a 200 with its errors, not a failed request.
            try
            {
                var checkedUpload = Uploads.Read(kind, text, fileName);
                return TypedResults.Json(new JsonObject { ["valid"] = true, ["name"] = checkedUpload.Name, ["version"] = checkedUpload.Version, ["hash"] = checkedUpload.Hash });
            }
            catch (Core.Definitions.DefinitionException invalid)
            {
                return TypedResults.Json(new { valid = false, errors = ErrorHandling.DiagnosticsJson(invalid.Diagnostics) });
            }
        }
        var (entry, created) = await cp.RegisterAsync(kind, text, fileName, ct).ConfigureAwait(false);
        var body = Entry(entry);
        if (!created)
        {
            return TypedResults.Json(body);
        }
        r.HttpContext.Response.Headers.Location = $"/api/{route}/{Uri.EscapeDataString(entry.Name)}/versions/{Uri.EscapeDataString(entry.Version)}";
        return TypedResults.Json(body, statusCode: StatusCodes.Status201Created);
    }

    private static async Task<IResult> GetAsync(string kind, string name, string version, ControlPlane cp, CancellationToken ct)
    {
        var (entry, stored) = await cp.Registry.ReadAsync(kind, name, version, ct).ConfigureAwait(false) ?? throw Registry.NotFound(kind, name, version);
        var body = Entry(entry);
        body["content"] = stored.Content;
        return TypedResults.Json(body);
    }

    private static async Task<IResult> DiffAsync(string kind, string name, HttpRequest r, ControlPlane cp, CancellationToken ct)
    {
        var from = Query.One(r, "from") ?? throw new BadRequestException("bad-argument", "'from' is required.", "Pass ?from=<version>&to=<version>.");
        var to = Query.One(r, "to") ?? throw new BadRequestException("bad-argument", "'to' is required.", "Pass ?from=<version>&to=<version>.");
        var left = (await cp.Registry.ReadAsync(kind, name, from, ct).ConfigureAwait(false) ?? throw Registry.NotFound(kind, name, from)).Definition.Content;
        var right = (await cp.Registry.ReadAsync(kind, name, to, ct).ConfigureAwait(false) ?? throw Registry.NotFound(kind, name, to)).Definition.Content;
        return TypedResults.Text(LineDiff.Unified(left, right, $"{name}@{from}", $"{name}@{to}"), "text/x-diff");
    }

    private static JsonObject Entry(RegistryEntry e) => new()
    {
        ["name"] = e.Name,
        ["version"] = e.Version,
        ["hash"] = e.Hash,
        ["createdTime"] = e.CreatedAt.ToString("O"),
        ["active"] = e.Active,
        ["retired"] = e.Retired,
    };

    private static List<JsonObject> Names(IEnumerable<RegistryEntry> entries) =>
        [.. entries.GroupBy(e => e.Name).Select(g => new JsonObject
        {
            ["name"] = g.Key,
            ["activeVersion"] = g.FirstOrDefault(e => e.Active)?.Version,
            ["versions"] = new JsonArray([.. g.Select(e => (JsonNode?)Entry(e))]),
        })];
}
