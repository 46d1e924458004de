using Microsoft.AspNetCore.Builder;
using Azure.Monitor.OpenTelemetry.Exporter;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Baton.Host;

/// <summary>Wires OpenTelemetry: the runtime's spans and metrics, ASP.NET Core's, Prometheus scraping, and OTLP when configured.</summary>
/// <remarks>Metrics are always scrapeable at <c>/metrics</c> (Prometheus text format). Traces and metrics also go
/// to an OTLP collector when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (the OpenTelemetry convention), over gRPC, or
/// over HTTP with <c>OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf</c>. With <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c>
/// set (the Azure Functions setting), they also go to Azure Monitor (Application Insights) through its exporter,
/// without offline storage on local disk.</remarks>
internal static class Observability
{
    public static void Add(WebApplicationBuilder builder, IReadOnlyDictionary<string, string?> environment)
    {
        var otlp = environment.GetValueOrDefault("OTEL_EXPORTER_OTLP_ENDPOINT") is { Length: > 0 } endpoint ? new Uri(endpoint.TrimEnd('/') + "/") : null;
        var http = environment.GetValueOrDefault("OTEL_EXPORTER_OTLP_PROTOCOL") is "http/protobuf";
        var appInsights = environment.GetValueOrDefault("APPLICATIONINSIGHTS_CONNECTION_STRING") is { Length: > 0 } cs ? cs : null;
        void AzureMonitor(AzureMonitorExporterOptions o)
        {
            o.ConnectionString = appInsights;
            o.DisableOfflineStorage = true;
        }
        void Configure(OpenTelemetry.Exporter.OtlpExporterOptions o, string signal)
        {
            // gRPC takes the base endpoint; OTLP/HTTP takes the signal's full path.
            o.Protocol = http ? OpenTelemetry.Exporter.OtlpExportProtocol.HttpProtobuf : OpenTelemetry.Exporter.OtlpExportProtocol.Grpc;
            o.Endpoint = http ? new Uri(otlp!, $"v1/{signal}") : otlp!;
        }
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("baton", serviceVersion: typeof(Observability).Assembly.GetName().Version?.ToString()))
            .WithTracing(t =>
            {
                t.AddSource(Runtime.Telemetry.Name).AddAspNetCoreInstrumentation(o => o.Filter = ctx => ctx.Request.Path != "/metrics");
                if (otlp is not null)
                {
                    t.AddOtlpExporter(o => Configure(o, "traces"));
                }
                if (appInsights is not null)
                {
                    t.AddAzureMonitorTraceExporter(AzureMonitor);
                }
            })
            .WithMetrics(m =>
            {
                m.AddMeter(Runtime.Telemetry.Name).AddAspNetCoreInstrumentation().AddPrometheusExporter();
                if (otlp is not null)
                {
                    m.AddOtlpExporter(o => Configure(o, "metrics"));
                }
                if (appInsights is not null)
                {
                    m.AddAzureMonitorMetricExporter(AzureMonitor);
                }
            });
    }
}
