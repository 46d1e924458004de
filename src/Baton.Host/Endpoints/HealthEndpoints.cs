using Baton.Host.Api;
using Baton.Host.Http;
using Baton.Runtime.Store;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Baton.Host.Endpoints;

/// <summary>Liveness (<c>/healthz</c>) and readiness (<c>/readyz</c>: the store answers and no background loop is
/// waiting to restart after a failure); anonymous.</summary>
internal static class HealthEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", () => TypedResults.Json(new { status = "healthy" })).WithTags("Health");
        app.MapGet("/readyz", async (ControlPlane cp, CancellationToken ct) =>
        {
            try
            {
                await cp.Hub.Store.ListInstancesAsync(new InstanceQuery(MaxCount: 1), ct).ConfigureAwait(false);
                var loops = cp.Hub.Loops.Loops.Select(l => new
                {
                    name = l.Name,
                    state = l.State.ToString().ToLowerInvariant(),
                    failures = l.Failures,
                    lastFailureTime = l.LastFailureAt,
                    lastError = l.LastError,
                }).ToList();
                return cp.Hub.Loops.IsHealthy
                    ? TypedResults.Json(new { status = "ready", loops })
                    : Problems.Create(StatusCodes.Status503ServiceUnavailable, "not-ready", "A background loop failed and is waiting to restart.",
                        string.Join("; ", cp.Hub.Loops.Loops.Where(l => l.State == Runtime.Hub.LoopState.Restarting).Select(l => $"{l.Name}: {l.LastError}")),
                        new Dictionary<string, object?> { ["loops"] = loops });
            }
            catch (Exception ex) when (ex is IOException or InvalidOperationException or Microsoft.Data.Sqlite.SqliteException)
            {
                return Problems.Create(StatusCodes.Status503ServiceUnavailable, "not-ready", "The store does not answer.", ex.Message);
            }
        }).WithTags("Health");
    }
}
