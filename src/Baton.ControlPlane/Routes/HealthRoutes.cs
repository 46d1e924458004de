using Baton.ControlPlane.Auth;
using Baton.ControlPlane.Http;
using Baton.ControlPlane.Routing;
using Microsoft.AspNetCore.Http;

namespace Baton.ControlPlane.Routes;

/// <summary>Liveness (<c>/healthz</c>) and readiness (<c>/readyz</c>: the backend says it can serve; on the embedded hub, the
/// store answers and no background loop is waiting to restart after a failure); anonymous.</summary>
internal static class HealthRoutes
{
    public static IEnumerable<ApiRoute> All =>
    [
        new("Liveness", "GET", "healthz", AuthLevel.Anonymous, "Health", "Answers while the process runs.",
            _ => Task.FromResult<IResult>(TypedResults.Json(new { status = "healthy" }))),
        new("Readiness", "GET", "readyz", AuthLevel.Anonymous, "Health", "Answers 200 when the backend can serve, 503 with the reason when it cannot.", ReadyAsync),
    ];

    private static async Task<IResult> ReadyAsync(ApiCall c)
    {
        var health = await c.Operations.Backend.CheckHealthAsync(c.Aborted).ConfigureAwait(false);
        var details = health.Details.ToDictionary(p => p.Key, p => (object?)p.Value);
        if (health.Healthy)
        {
            details["status"] = "ready";
            return TypedResults.Json(details);
        }
        return Problems.Create(StatusCodes.Status503ServiceUnavailable, "not-ready", "The backend cannot serve now.", health.Problem ?? "Not ready.", details);
    }
}
