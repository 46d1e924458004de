using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace Baton.Functions.Http;

/// <summary>The control plane's routes for the registry of workflow definitions: one function per route of <see cref="ControlPlane.Routing.ApiRoutes"/>,
/// each running that route's handler (see <see cref="ApiFunctions"/>).</summary>
public sealed class DefinitionsFunctions(FunctionsHub hub, ILogger<DefinitionsFunctions> logger) : ApiFunctions(hub, logger)
{
    /// <summary>The route <c>POST /api/definitions</c> (<c>UploadWorkflow</c>).</summary>
    [Function("UploadWorkflow")]
    public Task<IResult> UploadWorkflowAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "post", Route = "api/definitions")] HttpRequest request, [DurableClient] DurableTaskClient client) =>
        RunAsync("UploadWorkflow", request, client);

    /// <summary>The route <c>GET /api/definitions</c> (<c>ListWorkflows</c>).</summary>
    [Function("ListWorkflows")]
    public Task<IResult> ListWorkflowsAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "get", Route = "api/definitions")] HttpRequest request, [DurableClient] DurableTaskClient client) =>
        RunAsync("ListWorkflows", request, client);

    /// <summary>The route <c>GET /api/definitions/{name}</c> (<c>GetWorkflow</c>).</summary>
    [Function("GetWorkflow")]
    public Task<IResult> GetWorkflowAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "get", Route = "api/definitions/{name}")] HttpRequest request, [DurableClient] DurableTaskClient client) =>
        RunAsync("GetWorkflow", request, client);

    /// <summary>The route <c>GET /api/definitions/{name}/versions/{version}</c> (<c>GetWorkflowVersion</c>).</summary>
    [Function("GetWorkflowVersion")]
    public Task<IResult> GetWorkflowVersionAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "get", Route = "api/definitions/{name}/versions/{version}")] HttpRequest request, [DurableClient] DurableTaskClient client) =>
        RunAsync("GetWorkflowVersion", request, client);

    /// <summary>The route <c>POST /api/definitions/{name}/versions/{version}/activate</c> (<c>ActivateWorkflowVersion</c>).</summary>
    [Function("ActivateWorkflowVersion")]
    public Task<IResult> ActivateWorkflowVersionAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "post", Route = "api/definitions/{name}/versions/{version}/activate")] HttpRequest request, [DurableClient] DurableTaskClient client) =>
        RunAsync("ActivateWorkflowVersion", request, client);

    /// <summary>The route <c>DELETE /api/definitions/{name}/versions/{version}</c> (<c>RetireWorkflowVersion</c>).</summary>
    [Function("RetireWorkflowVersion")]
    public Task<IResult> RetireWorkflowVersionAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "delete", Route = "api/definitions/{name}/versions/{version}")] HttpRequest request, [DurableClient] DurableTaskClient client) =>
        RunAsync("RetireWorkflowVersion", request, client);

    /// <summary>The route <c>GET /api/definitions/{name}/diff</c> (<c>DiffWorkflowVersions</c>).</summary>
    [Function("DiffWorkflowVersions")]
    public Task<IResult> DiffWorkflowVersionsAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "get", Route = "api/definitions/{name}/diff")] HttpRequest request, [DurableClient] DurableTaskClient client) =>
        RunAsync("DiffWorkflowVersions", request, client);
}
