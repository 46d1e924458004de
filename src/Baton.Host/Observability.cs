using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Baton.Host;

/// <summary>Wires OpenTelemetry: the runtime's spans and metrics, ASP.NET Core's, Prometheus scraping, and OTLP when configured.</summary>
/// <remarks>Metrics are always scrapeable at <c>/metrics</c> (Prometheus text format). Traces and metrics also go
/// to an OTLP collector when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (the OpenTelemetry convention).</remarks>
internal static class Observability
{
    public static void Add(WebApplicationBuilder builder, IReadOnlyDictionary<string, string?> environment)
    {
        var otlp = environment.GetValueOrDefault("OTEL_EXPORTER_OTLP_ENDPOINT") is { Length: > 0 } endpoint ? new Uri(endpoint) : null;
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("baton", serviceVersion: typeof(Observability).Assembly.GetName().Version?.ToString()))
            .WithTracing(t =>
            {
                t.AddSource(Runtime.Telemetry.Name).AddAspNetCoreInstrumentation(o => o.Filter = ctx => ctx.Request.Path != "/metrics");
                if (otlp is not null)
                {
                    t.AddOtlpExporter(o => o.Endpoint = otlp);
                }
            })
            .WithMetrics(m =>
            {
                m.AddMeter(Runtime.Telemetry.Name).AddAspNetCoreInstrumentation().AddPrometheusExporter();
                if (otlp is not null)
                {
                    m.AddOtlpExporter(o => o.Endpoint = otlp);
                }
            });
    }
}
