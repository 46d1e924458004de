using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace Baton.Functions.Http;

/// <summary>The control plane's dead-letter and watchdog routes: one function per route of <see cref="ControlPlane.Routing.ApiRoutes"/>,
/// each running that route's handler (see <see cref="ApiFunctions"/>).</summary>
public sealed class WatchFunctions(FunctionsHub hub, ILogger<WatchFunctions> logger) : ApiFunctions(hub, logger)
{
    /// <summary>The route <c>GET /api/dead-letters</c> (<c>ListDeadLetters</c>).</summary>
    [Function("ListDeadLetters")]
    public Task<IResult> ListDeadLettersAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "api/dead-letters")] HttpRequest request, [DurableClient] DurableTaskClient client) =>
        RunAsync("ListDeadLetters", request, client);

    /// <summary>The route <c>POST /api/dead-letters/rewind</c> (<c>RewindDeadLetters</c>).</summary>
    [Function("RewindDeadLetters")]
    public Task<IResult> RewindDeadLettersAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "api/dead-letters/rewind")] HttpRequest request, [DurableClient] DurableTaskClient client) =>
        RunAsync("RewindDeadLetters", request, client);

    /// <summary>The route <c>DELETE /api/dead-letters</c> (<c>PurgeDeadLetters</c>).</summary>
    [Function("PurgeDeadLetters")]
    public Task<IResult> PurgeDeadLettersAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "delete", Route = "api/dead-letters")] HttpRequest request, [DurableClient] DurableTaskClient client) =>
        RunAsync("PurgeDeadLetters", request, client);

    /// <summary>The route <c>GET /api/watchdog</c> (<c>Watchdog</c>).</summary>
    [Function("Watchdog")]
    public Task<IResult> WatchdogAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "api/watchdog")] HttpRequest request, [DurableClient] DurableTaskClient client) =>
        RunAsync("Watchdog", request, client);
}
