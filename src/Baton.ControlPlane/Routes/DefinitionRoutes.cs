using System.Text.Json.Nodes;
using Baton.ControlPlane.Auth;
using Baton.ControlPlane.Http;
using Baton.ControlPlane.Routing;
using Microsoft.AspNetCore.Http;
using Baton.Abstractions;

namespace Baton.ControlPlane.Routes;

/// <summary>The definitions registry (<c>/api/definitions</c>) and the catalog registry (<c>/api/catalogs</c>); admin key.</summary>
/// <remarks>Uploads are YAML or JSON text, validated before anything is stored (errors carry line and column).
/// Versions are immutable: the same name and version with other content is a 409; the same content again is a
/// 200. The first version of a name becomes active; activate another with POST .../activate. <c>?dryRun=true</c> validates
/// without storing anything: 200 <c>{ valid: true, name, version, hash }</c>, or 200 <c>{ valid: false, errors }</c> with the
/// errors a registration's 400 would carry. A workflow's wiring is checked against the contracts of the catalog it will start
/// with (<c>?catalog=</c>, else <c>default</c>); a catalog version that breaks registered workflows is a 409 listing each break,
/// unless <c>?force=true</c> (see <see cref="Operations.RegisterAsync"/>).</remarks>
internal static class DefinitionRoutes
{
    public static IEnumerable<ApiRoute> All => Kind("definitions", "workflow", "Definitions", "Workflow").Concat(Kind("catalogs", "catalog", "Catalogs", "Catalog"));

    private static IEnumerable<ApiRoute> Kind(string route, string kind, string tag, string noun) =>
    [
        new($"Upload{noun}", "POST", $"api/{route}", AuthLevel.Admin, tag,
            $"Registers a {kind} version from YAML or JSON text (?dryRun=true validates only) (admin).", c => UploadAsync(kind, route, c)),
        new($"List{noun}s", "GET", $"api/{route}", AuthLevel.Admin, tag, $"Lists every {kind} with its versions and the active one (admin).",
            async c => TypedResults.Json(Names(await c.Operations.Registry.ListAsync(kind, null, c.Aborted).ConfigureAwait(false)))),
        new($"Get{noun}", "GET", $"api/{route}/{{name}}", AuthLevel.Admin, tag, $"Reads one {kind}'s versions and the active one (admin).",
            async c => await c.Operations.Registry.ListAsync(kind, c.Route("name"), c.Aborted).ConfigureAwait(false) is { Count: > 0 } versions
                ? TypedResults.Json(Names(versions)[0])
                : throw Registry.NotFound(kind, c.Route("name"), null)),
        new($"Get{noun}Version", "GET", $"api/{route}/{{name}}/versions/{{version}}", AuthLevel.Admin, tag, $"Reads a {kind} version with its content (admin).",
            c => GetAsync(kind, c.Route("name"), c.Route("version"), c)),
        new($"Activate{noun}Version", "POST", $"api/{route}/{{name}}/versions/{{version}}/activate", AuthLevel.Admin, tag,
            $"Makes a {kind} version the one starts use when they name none (admin).", async c =>
            {
                await c.Operations.Registry.ActivateAsync(kind, c.Route("name"), c.Route("version"), c.Aborted).ConfigureAwait(false);
                return await GetAsync(kind, c.Route("name"), c.Route("version"), c).ConfigureAwait(false);
            }),
        new($"Retire{noun}Version", "DELETE", $"api/{route}/{{name}}/versions/{{version}}", AuthLevel.Admin, tag,
            $"Retires a {kind} version: it starts no new instance (admin).",
            async c => await c.Operations.Registry.RetireAsync(kind, c.Route("name"), c.Route("version"), c.Aborted).ConfigureAwait(false)
                ? TypedResults.NoContent()
                : throw Registry.NotFound(kind, c.Route("name"), c.Route("version"))),
        new($"Diff{noun}Versions", "GET", $"api/{route}/{{name}}/diff", AuthLevel.Admin, tag, $"A unified diff of two {kind} versions, ?from= and ?to= (admin).",
            c => DiffAsync(kind, c.Route("name"), c)),
    ];

    private static async Task<IResult> UploadAsync(string kind, string route, ApiCall c)
    {
        var (r, ct) = (c.Request, c.Aborted);
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
                var checkedUpload = await c.Operations.CheckUploadAsync(kind, text, fileName, Query.One(r, "catalog"), ct).ConfigureAwait(false);
                return TypedResults.Json(new JsonObject { ["valid"] = true, ["name"] = checkedUpload.Name, ["version"] = checkedUpload.Version, ["hash"] = checkedUpload.Hash });
            }
            catch (Core.Definitions.DefinitionException invalid)
            {
                return TypedResults.Json(new { valid = false, errors = ApiErrors.DiagnosticsJson(invalid.Diagnostics) });
            }
        }
        var (entry, created) = await c.Operations.RegisterAsync(kind, text, fileName, ct, Query.One(r, "catalog"), Query.Flag(r, "force")).ConfigureAwait(false);
        var body = Entry(entry);
        if (!created)
        {
            return TypedResults.Json(body);
        }
        c.Http.Response.Headers.Location = $"/api/{route}/{Uri.EscapeDataString(entry.Name)}/versions/{Uri.EscapeDataString(entry.Version)}";
        return TypedResults.Json(body, statusCode: StatusCodes.Status201Created);
    }

    private static async Task<IResult> GetAsync(string kind, string name, string version, ApiCall c)
    {
        var (entry, stored) = await c.Operations.Registry.ReadAsync(kind, name, version, c.Aborted).ConfigureAwait(false) ?? throw Registry.NotFound(kind, name, version);
        var body = Entry(entry);
        body["content"] = stored.Content;
        return TypedResults.Json(body);
    }

    private static async Task<IResult> DiffAsync(string kind, string name, ApiCall c)
    {
        var (r, cp, ct) = (c.Request, c.Operations, c.Aborted);
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
