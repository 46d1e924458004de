using Baton.Host.Api;
using Baton.Host.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Baton.Host.Endpoints;

/// <summary>Liveness (<c>/healthz</c>) and readiness (<c>/readyz</c>: the backend says it can serve; on the embedded hub, the
/// store answers and no background loop is waiting to restart after a failure); anonymous.</summary>
internal static class HealthEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", () => TypedResults.Json(new { status = "healthy" })).WithTags("Health");
        app.MapGet("/readyz", async (ControlPlane cp, CancellationToken ct) =>
        {
            var health = await cp.Backend.CheckHealthAsync(ct).ConfigureAwait(false);
            var details = health.Details.ToDictionary(p => p.Key, p => (object?)p.Value);
            if (health.Healthy)
            {
                details["status"] = "ready";
                return TypedResults.Json(details);
            }
            return Problems.Create(StatusCodes.Status503ServiceUnavailable, "not-ready", "The backend cannot serve now.", health.Problem ?? "Not ready.", details);
        }).WithTags("Health");
    }
}
