using Baton.ControlPlane.Auth;
using Baton.ControlPlane.Routing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;

namespace Baton.ControlPlane.Routes;

/// <summary><c>/metrics</c> (Prometheus text, anonymous) and <c>/openapi/v1.json</c> (the API's description, anonymous).</summary>
/// <remarks>Metrics are OpenTelemetry's Prometheus exporter over the meters of the process that answers: in the function
/// app, one worker instance of however many run (Application Insights gives the app-wide view).</remarks>
internal static class ObservabilityRoutes
{
    public static IEnumerable<ApiRoute> All(Func<IEnumerable<ApiRoute>> routes) =>
    [
        new("Metrics", "GET", "metrics", AuthLevel.Anonymous, "Health", "Baton's runtime metrics in the Prometheus text format.", ScrapeAsync),
        new("OpenApi", "GET", "openapi/v1.json", AuthLevel.Anonymous, "Health", "This API's OpenAPI 3.0 document.",
            c => Task.FromResult<IResult>(TypedResults.Json(OpenApi.ApiDocument.Build(routes().Where(r => r.Hosts.HasFlag(c.Host.Kind)), c.Host.Kind)))),
    ];

    private static readonly Lock Gate = new();
    private static (MeterProvider Meters, RequestDelegate Scrape)? _cached;

    // OpenTelemetry's Prometheus middleware handles the scrape; it is built once per meter provider (one per app).
    private static async Task<IResult> ScrapeAsync(ApiCall c)
    {
        var meters = c.Http.RequestServices.GetRequiredService<MeterProvider>();
        RequestDelegate scrape;
        lock (Gate)
        {
            if (_cached is not { } cached || !ReferenceEquals(cached.Meters, meters))
            {
                var app = new ApplicationBuilder(c.Http.RequestServices);
                app.UseOpenTelemetryPrometheusScrapingEndpoint(_ => true);
                cached = (meters, app.Build());
                _cached = cached;
            }
            scrape = cached.Scrape;
        }
        await scrape(c.Http).ConfigureAwait(false);
        return TypedResults.Empty;
    }
}
