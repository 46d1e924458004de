using System.Collections.Concurrent;
using System.IO.Compression;
using System.Text;
using Baton.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Baton.Host.Tests.Endpoints;

/// <summary>With an Application Insights connection string, the real Azure Monitor exporter delivers the runtime's
/// spans to its ingestion endpoint (here, Kestrel on loopback named as the IngestionEndpoint).</summary>
public sealed class AzureMonitorExportTests
{
    [Fact]
    public async Task Spans_WithConnectionString_ReachTheIngestionEndpoint()
    {
        // ActivitySources and ASP.NET Core's activities are process-wide, and other hosts of this test process start and
        // stop their tracer providers meanwhile; on a loaded machine one run's spans have gone unexported. Each try is a
        // fresh host and ingestion endpoint, and every assertion below holds for the try that delivered its spans.
        var text = "";
        for (var attempt = 1; attempt <= 3 && !(text.Contains("step watched-step", StringComparison.Ordinal) && text.Contains("workflow monitored", StringComparison.Ordinal)); attempt++)
        {
            text = await RunOnceAsync($"ai-{attempt}");
        }
        Assert.Contains("step watched-step", text, StringComparison.Ordinal);
        Assert.Contains("workflow monitored", text, StringComparison.Ordinal);
        Assert.Contains("ai-", text, StringComparison.Ordinal);
        Assert.Contains("00000000-0000-0000-0000-000000000001", text, StringComparison.Ordinal);
    }

    // Runs one instance on a fresh host that exports to a fresh ingestion endpoint; returns everything the endpoint received.
    private static async Task<string> RunOnceAsync(string instanceId)
    {
        var received = new ConcurrentBag<string>();
        await using var ingestion = await LoopbackServer.StartAsync(app => app.MapPost("/v2.1/track", async (HttpRequest r) =>
        {
            using var buffer = new MemoryStream();
            var body = r.Headers.ContentEncoding == "gzip" ? new GZipStream(r.Body, CompressionMode.Decompress) : r.Body;
            await body.CopyToAsync(buffer);
            var text = Encoding.UTF8.GetString(buffer.ToArray());
            received.Add(text);
            var items = text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length;
            return Results.Json(new { itemsReceived = items, itemsAccepted = items, errors = Array.Empty<object>() });
        }));
        var host = await HostFixture.StartAsync(env: new Dictionary<string, string?>
        {
            ["APPLICATIONINSIGHTS_CONNECTION_STRING"] = $"InstrumentationKey=00000000-0000-0000-0000-000000000001;IngestionEndpoint={ingestion.Address}",
        });
        await using (host)
        {
            await host.UploadAsync(HostFixture.Workflow("monitored", "  steps:\n    - { id: watched-step, task: echo, input: { v: 1 } }\n"));
            // A sampled parent, so whether the request's span is recorded never depends on other listeners in this process
            // (an HttpClient activity that no one samples would otherwise pass on an unsampled traceparent).
            using (var start = new HttpRequestMessage(HttpMethod.Post, $"/api/workflows/monitored/instances?instanceId={instanceId}&wait=20"))
            {
                start.Headers.Add("x-functions-key", HostFixture.FunctionKey);
                start.Headers.Add("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
                using var started = await host.Client.SendAsync(start);
                Assert.Equal(System.Net.HttpStatusCode.OK, started.StatusCode);
            }
            // The exporter sends in batches on its own schedule; under load the flush at shutdown may not get
            // through in time, so wait (bounded) for the spans while the host still runs.
            for (var i = 0; i < 300 && !(string.Concat(received).Contains("step watched-step", StringComparison.Ordinal)
                && string.Concat(received).Contains("workflow monitored", StringComparison.Ordinal)); i++)
            {
                await Task.Delay(100);
            }
        }
        return string.Concat(received);
    }
}
