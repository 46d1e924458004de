using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace Baton.Functions.Http;

/// <summary>The control plane's routes for health, readiness, the designer and monitor, metrics and the OpenAPI document: one function per route of <see cref="ControlPlane.Routing.ApiRoutes"/>,
/// each running that route's handler (see <see cref="ApiFunctions"/>).</summary>
public sealed class SiteFunctions(FunctionsHub hub, ILogger<SiteFunctions> logger) : ApiFunctions(hub, logger)
{
    /// <summary>The route <c>GET /healthz</c> (<c>Liveness</c>).</summary>
    [Function("Liveness")]
    public Task<IResult> LivenessAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "healthz")] HttpRequest request, [DurableClient] DurableTaskClient client) =>
        RunAsync("Liveness", request, client);

    /// <summary>The route <c>GET /readyz</c> (<c>Readiness</c>).</summary>
    [Function("Readiness")]
    public Task<IResult> ReadinessAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "readyz")] HttpRequest request, [DurableClient] DurableTaskClient client) =>
        RunAsync("Readiness", request, client);

    /// <summary>The route <c>GET /ui/{*path}</c> (<c>UiFiles</c>).</summary>
    [Function("UiFiles")]
    public Task<IResult> UiFilesAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "ui/{*path}")] HttpRequest request, [DurableClient] DurableTaskClient client) =>
        RunAsync("UiFiles", request, client);

    /// <summary>The route <c>GET /ui</c> (<c>UiEntry</c>).</summary>
    [Function("UiEntry")]
    public Task<IResult> UiEntryAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "ui")] HttpRequest request, [DurableClient] DurableTaskClient client) =>
        RunAsync("UiEntry", request, client);

    /// <summary>The route <c>GET /metrics</c> (<c>Metrics</c>).</summary>
    [Function("Metrics")]
    public Task<IResult> MetricsAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "metrics")] HttpRequest request, [DurableClient] DurableTaskClient client) =>
        RunAsync("Metrics", request, client);

    /// <summary>The route <c>GET /openapi/v1.json</c> (<c>OpenApi</c>).</summary>
    [Function("OpenApi")]
    public Task<IResult> OpenApiAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "openapi/v1.json")] HttpRequest request, [DurableClient] DurableTaskClient client) =>
        RunAsync("OpenApi", request, client);
}
