using Baton.Runtime;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json.Nodes;
using Baton.Runtime.Runners;
using Baton.Storage.Sqlite;
using Baton.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Baton.Abstractions;

namespace Baton.Embedded.Tests;

public sealed class EmbeddedBackendTelemetryTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Run_WithTraceParent_SpansAndHttpTaskJoinTheCallersTrace()
    {
        var spans = new ConcurrentBag<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == Telemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Add,
        };
        ActivitySource.AddActivityListener(listener);
        var seen = new ConcurrentBag<string>();
        await using var server = await LoopbackServer.StartAsync(app => app.MapPost("/hook", (HttpRequest r) =>
        {
            seen.Add(r.Headers["traceparent"].ToString());
            return Results.Json(new { ok = true });
        }));
        var catalogText = $"apiVersion: baton.dev/v1\nkind: Catalog\ntasks:\n  hook: {{ runner: http, url: \"{server.Url("hook")}\", allow_private_network: true }}\n";
        var catalog = new StoredDefinition(ContentHash.Of(catalogText), "catalog", "c", "1", _dir.File("catalog.yaml"), catalogText);
        var functions = FunctionRegistry.WithBuiltIns(TimeProvider.System);
        await using var hub = new EmbeddedBackend(new SqliteTaskHubStore(new SqliteStoreOptions(_dir.File("hub.db"))), new EmbeddedBackendOptions(),
            new TaskExecutor(functions, [new FunctionRunner(functions), new HttpRunner()], TimeProvider.System), TimeProvider.System, IdSource.Random);
        await hub.StartAsync(default);
        var traceId = ActivityTraceId.CreateRandom();
        var def = HubHarness.Definition("  steps:\n    - { id: first, task: echo }\n    - { id: call, task: hook, depends_on: [first] }\n", "traced");
        var id = await hub.StartInstanceAsync(new StartRequest(def, catalog, new JsonObject(), "traced-1") { TraceParent = $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01" }, default);
        var final = await hub.WaitForCompletionAsync(id, new CancellationTokenSource(TimeSpan.FromSeconds(20)).Token);
        Assert.Equal(Core.Engine.InstanceStatus.Completed, final.Status);
        static bool Mine(Activity s) => (string?)s.GetTagItem("baton.instance.id") == "traced-1";
        await Eventually.UntilAsync(() => spans.Any(s => Mine(s) && s.DisplayName == "workflow traced"), "the workflow span to end");
        var mine = spans.Where(Mine).ToList();
        Assert.Contains(mine, s => s.DisplayName == "step first" && (int)s.GetTagItem("baton.attempt")! == 1);
        Assert.Contains(mine, s => s.DisplayName == "step call");
        var workflow = Assert.Single(mine, s => s.DisplayName == "workflow traced");
        Assert.Equal(final.CompletedAt!.Value - final.CreatedAt, workflow.Duration);
        Assert.All(mine, s => Assert.Equal(traceId, s.TraceId));
        var header = Assert.Single(seen);
        Assert.Equal(traceId.ToString(), header.Split('-')[1]);
        Assert.Equal(mine.Single(s => s.DisplayName == "step call").SpanId.ToString(), header.Split('-')[2]);
    }
}
