using Baton.Core.Definitions;
using Baton.Runtime.Store;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Baton.Functions;

/// <summary>Uploads of workflow definitions and catalogs to the registry in Blob storage.</summary>
/// <remarks>A version, once registered, keeps its content: uploading other content under the same name and version
/// is a 409. The first version of a name becomes the active one, which starts use when they name no version.</remarks>
public sealed class DefinitionFunctions(Registry registry)
{
    /// <summary>Registers a workflow definition (YAML or JSON body).</summary>
    [Function("UploadDefinition")]
    public Task<IActionResult> UploadDefinitionAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "post", Route = "definitions")] HttpRequest request, CancellationToken cancellationToken) =>
        UploadAsync("workflow", request, cancellationToken);

    /// <summary>Registers a catalog (YAML or JSON body) that binds task names to runners.</summary>
    [Function("UploadCatalog")]
    public Task<IActionResult> UploadCatalogAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "post", Route = "catalogs")] HttpRequest request, CancellationToken cancellationToken) =>
        UploadAsync("catalog", request, cancellationToken);

    private async Task<IActionResult> UploadAsync(string kind, HttpRequest request, CancellationToken ct)
    {
        var (text, invalid) = await HttpResults.TextAsync(request, ct).ConfigureAwait(false);
        if (invalid is not null)
        {
            return invalid;
        }
        if (string.IsNullOrWhiteSpace(text))
        {
            return HttpResults.Problem(400, "empty-body", "The body is empty.", $"Send the {kind} as YAML or JSON text.");
        }
        StoredDefinition upload;
        try
        {
            upload = Uploads.Read(kind, text, request.Query["fileName"].FirstOrDefault() ?? $"upload.{(text.TrimStart().StartsWith('{') ? "json" : "yaml")}");
        }
        catch (DefinitionException ex)
        {
            return HttpResults.Problem(400, "invalid-definition", $"The {kind} is invalid.", ex.Message,
                ex.Diagnostics.Select(d => new { d.Code, file = d.Location.File, line = d.Location.Line, column = d.Location.Column, key = d.Path, d.Message, d.Fix }));
        }
        try
        {
            await registry.RegisterAsync(upload, ct).ConfigureAwait(false);
        }
        catch (Runtime.Problems.ProblemException ex)
        {
            return HttpResults.Problem(ex.Status, ex.Slug, ex.Title, ex.Message);
        }
        return HttpResults.Json(new { kind, name = upload.Name, version = upload.Version, hash = upload.Hash }, StatusCodes.Status201Created);
    }
}
