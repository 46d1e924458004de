using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace Baton.Functions.Http;

/// <summary>The control plane's routes for live changes of an instance or of the hub, as server-sent events: one function per route of <see cref="ControlPlane.Routing.ApiRoutes"/>,
/// each running that route's handler (see <see cref="ApiFunctions"/>).</summary>
public sealed class StreamsFunctions(FunctionsHub hub, ILogger<StreamsFunctions> logger) : ApiFunctions(hub, logger)
{
    /// <summary>The route <c>GET /api/instances/{id}/stream</c> (<c>StreamInstance</c>).</summary>
    [Function("StreamInstance")]
    public Task<IResult> StreamInstanceAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "api/instances/{id}/stream")] HttpRequest request, [DurableClient] DurableTaskClient client) =>
        RunAsync("StreamInstance", request, client);

    /// <summary>The route <c>GET /api/stream</c> (<c>StreamHub</c>).</summary>
    [Function("StreamHub")]
    public Task<IResult> StreamHubAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "api/stream")] HttpRequest request, [DurableClient] DurableTaskClient client) =>
        RunAsync("StreamHub", request, client);
}
