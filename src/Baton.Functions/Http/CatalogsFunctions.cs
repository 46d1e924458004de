using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace Baton.Functions.Http;

/// <summary>The control plane's routes for the registry of catalogs: one function per route of <see cref="ControlPlane.Routing.ApiRoutes"/>,
/// each running that route's handler (see <see cref="ApiFunctions"/>).</summary>
public sealed class CatalogsFunctions(FunctionsHub hub, ILogger<CatalogsFunctions> logger) : ApiFunctions(hub, logger)
{
    /// <summary>The route <c>POST /api/catalogs</c> (<c>UploadCatalog</c>).</summary>
    [Function("UploadCatalog")]
    public Task<IResult> UploadCatalogAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "post", Route = "api/catalogs")] HttpRequest request, [DurableClient] DurableTaskClient client) =>
        RunAsync("UploadCatalog", request, client);

    /// <summary>The route <c>GET /api/catalogs</c> (<c>ListCatalogs</c>).</summary>
    [Function("ListCatalogs")]
    public Task<IResult> ListCatalogsAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "get", Route = "api/catalogs")] HttpRequest request, [DurableClient] DurableTaskClient client) =>
        RunAsync("ListCatalogs", request, client);

    /// <summary>The route <c>GET /api/catalogs/{name}</c> (<c>GetCatalog</c>).</summary>
    [Function("GetCatalog")]
    public Task<IResult> GetCatalogAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "get", Route = "api/catalogs/{name}")] HttpRequest request, [DurableClient] DurableTaskClient client) =>
        RunAsync("GetCatalog", request, client);

    /// <summary>The route <c>GET /api/catalogs/{name}/versions/{version}</c> (<c>GetCatalogVersion</c>).</summary>
    [Function("GetCatalogVersion")]
    public Task<IResult> GetCatalogVersionAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "get", Route = "api/catalogs/{name}/versions/{version}")] HttpRequest request, [DurableClient] DurableTaskClient client) =>
        RunAsync("GetCatalogVersion", request, client);

    /// <summary>The route <c>POST /api/catalogs/{name}/versions/{version}/activate</c> (<c>ActivateCatalogVersion</c>).</summary>
    [Function("ActivateCatalogVersion")]
    public Task<IResult> ActivateCatalogVersionAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "post", Route = "api/catalogs/{name}/versions/{version}/activate")] HttpRequest request, [DurableClient] DurableTaskClient client) =>
        RunAsync("ActivateCatalogVersion", request, client);

    /// <summary>The route <c>DELETE /api/catalogs/{name}/versions/{version}</c> (<c>RetireCatalogVersion</c>).</summary>
    [Function("RetireCatalogVersion")]
    public Task<IResult> RetireCatalogVersionAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "delete", Route = "api/catalogs/{name}/versions/{version}")] HttpRequest request, [DurableClient] DurableTaskClient client) =>
        RunAsync("RetireCatalogVersion", request, client);

    /// <summary>The route <c>GET /api/catalogs/{name}/diff</c> (<c>DiffCatalogVersions</c>).</summary>
    [Function("DiffCatalogVersions")]
    public Task<IResult> DiffCatalogVersionsAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "get", Route = "api/catalogs/{name}/diff")] HttpRequest request, [DurableClient] DurableTaskClient client) =>
        RunAsync("DiffCatalogVersions", request, client);
}
