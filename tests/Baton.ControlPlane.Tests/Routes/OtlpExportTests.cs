using System.Collections.Concurrent;
using System.Text;
using Baton.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

using Baton.Hosts.Testing;

namespace Baton.ControlPlane.Tests.Routes;

/// <summary>With OTLP configured, the real exporter delivers the runtime's spans to a collector (here, Kestrel on loopback).</summary>
public sealed class OtlpExportTests
{
    [Fact]
    public async Task Spans_WithOtlpHttpConfigured_ReachTheCollector()
    {
        var received = new ConcurrentBag<(string Path, string ContentType, byte[] Body)>();
        await using var collector = await LoopbackServer.StartAsync(app => app.MapPost("/v1/{signal}", async (HttpRequest r, string signal) =>
        {
            using var buffer = new MemoryStream();
            await r.Body.CopyToAsync(buffer);
            received.Add(($"/v1/{signal}", r.ContentType ?? "", buffer.ToArray()));
            return Results.Ok();
        }));
        var host = await ServeServer.StartAsync(new ApiServerOptions { Environment = new Dictionary<string, string?>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = collector.Address.ToString(),
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
        } });
        await using (host)
        {
            await host.UploadAsync(ApiServer.Workflow("exported", "  steps:\n    - { id: only-step, task: echo, input: { v: 1 } }\n"));
            await host.JsonAsync(HttpMethod.Post, "/api/workflows/exported/instances?instanceId=otlp-1&wait=20", expect: 200);
        }
        var traces = received.Where(r => r.Path == "/v1/traces").ToList();
        Assert.NotEmpty(traces);
        Assert.All(traces, t => Assert.Equal("application/x-protobuf", t.ContentType));
        var text = string.Concat(traces.Select(t => Encoding.UTF8.GetString(t.Body)));
        Assert.Contains("step only-step", text, StringComparison.Ordinal);
        Assert.Contains("workflow exported", text, StringComparison.Ordinal);
        Assert.Contains("otlp-1", text, StringComparison.Ordinal);
    }
}
