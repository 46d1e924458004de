using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace Baton.Functions.Http;

/// <summary>The control plane's audit routes: one function per route of <see cref="ControlPlane.Routing.ApiRoutes"/>, each running that
/// route's handler (see <see cref="ApiFunctions"/>).</summary>
public sealed class AuditFunctions(FunctionsHub hub, ILogger<AuditFunctions> logger) : ApiFunctions(hub, logger)
{
    /// <summary>The route <c>GET /api/audit</c> (<c>ListAudit</c>).</summary>
    [Function("ListAudit")]
    public Task<IResult> ListAuditAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "get", Route = "api/audit")] HttpRequest request, [DurableClient] DurableTaskClient client) =>
        RunAsync("ListAudit", request, client);

    /// <summary>The route <c>GET /api/audit/verify</c> (<c>VerifyAudit</c>).</summary>
    [Function("VerifyAudit")]
    public Task<IResult> VerifyAuditAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "get", Route = "api/audit/verify")] HttpRequest request, [DurableClient] DurableTaskClient client) =>
        RunAsync("VerifyAudit", request, client);
}
