using System.Collections.Concurrent;
using System.IO.Compression;
using System.Net;
using System.Text;
using Baton.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Baton.Cli.Tests.Commands;

/// <summary>With an Application Insights connection string, a real `baton serve` process delivers the runtime's spans
/// through the real Azure Monitor exporter to its ingestion endpoint (Kestrel on loopback, named as the IngestionEndpoint).</summary>
/// <remarks>The server runs in a process of its own: OpenTelemetry's listeners are process-wide, so a host inside the test
/// process would share them with every other host the test run starts at the same time.</remarks>
public sealed class ServeTelemetryTests : IDisposable
{
    private const string Admin = "otel-admin-key";
    private const string Function = "otel-function-key";
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Serve_WithConnectionString_SpansReachTheIngestionEndpoint()
    {
        var received = new ConcurrentQueue<string>();
        await using var ingestion = await LoopbackServer.StartAsync(app => app.MapPost("/v2.1/track", async (HttpRequest r) =>
        {
            using var buffer = new MemoryStream();
            var body = r.Headers.ContentEncoding == "gzip" ? new GZipStream(r.Body, CompressionMode.Decompress) : r.Body;
            await body.CopyToAsync(buffer);
            var text = Encoding.UTF8.GetString(buffer.ToArray());
            received.Enqueue(text);
            var items = text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length;
            return Results.Json(new { itemsReceived = items, itemsAccepted = items, errors = Array.Empty<object>() });
        }));
        using var server = await ServeProcess.StartAsync(_dir.Path, new Dictionary<string, string>
        {
            ["BATON_ADMIN_KEY"] = Admin,
            ["BATON_FUNCTION_KEY"] = Function,
            ["APPLICATIONINSIGHTS_CONNECTION_STRING"] = $"InstrumentationKey=00000000-0000-0000-0000-000000000001;IngestionEndpoint={ingestion.Address}",
        });
        using var http = new HttpClient { BaseAddress = new Uri(server.Url) };
        using (var upload = new HttpRequestMessage(HttpMethod.Post, "/api/definitions")
        {
            Content = new StringContent("apiVersion: baton.dev/v1\nkind: Workflow\nmetadata: { name: monitored }\nspec:\n  steps:\n    - { id: watched-step, task: echo, input: { v: 1 } }\n", Encoding.UTF8),
        })
        {
            upload.Headers.Add("x-functions-key", Admin);
            Assert.Equal(HttpStatusCode.Created, (await http.SendAsync(upload)).StatusCode);
        }
        // The exporter sends in batches on its own schedule (every few seconds) and, with offline storage off, drops a batch
        // whose transmission fails (a loaded machine can make its post time out): run the workflow again until one run's
        // spans arrive, bounded.
        string All() => string.Concat(received);
        bool Arrived() => All().Contains("step watched-step", StringComparison.Ordinal) && All().Contains("workflow monitored", StringComparison.Ordinal);
        var started = new List<string>();
        for (var run = 1; run <= 4 && !Arrived(); run++)
        {
            var id = $"ai-{run}";
            using var start = new HttpRequestMessage(HttpMethod.Post, $"/api/workflows/monitored/instances?instanceId={id}&wait=20");
            start.Headers.Add("x-functions-key", Function);
            Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(start)).StatusCode);
            started.Add(id);
            await Eventually.WithinAsync(Arrived, TimeSpan.FromSeconds(20));
        }
        Assert.True(Arrived(), $"the spans of none of {string.Join(", ", started)} reached the ingestion endpoint");
        Assert.Contains(started, id => All().Contains(id, StringComparison.Ordinal));
        Assert.Contains("00000000-0000-0000-0000-000000000001", All(), StringComparison.Ordinal);
    }
}
