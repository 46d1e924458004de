using Baton.Host.Api;
using Baton.Host.Http;
using Baton.Runtime.Store;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Baton.Host.Endpoints;

/// <summary>Liveness (<c>/healthz</c>) and readiness (<c>/readyz</c>: the store answers); anonymous.</summary>
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
                return TypedResults.Json(new { status = "ready" });
            }
            catch (Exception ex) when (ex is IOException or InvalidOperationException or Microsoft.Data.Sqlite.SqliteException)
            {
                return Problems.Create(StatusCodes.Status503ServiceUnavailable, "not-ready", "The store does not answer.", ex.Message);
            }
        }).WithTags("Health");
    }
}
