using System.Text.Json.Nodes;
using Azure.Storage.Queues;
using Baton.Core.Engine;
using Baton.Durable.Local;
using Baton.Durable.Tests.Conformance;
using Baton.Runtime.Runners;
using Baton.Testing;
using Microsoft.Extensions.Logging;
using Baton.Abstractions;

namespace Baton.Durable.Tests.Pools;

/// <summary>Worker pools on the Durable backend over Azurite: two workers on one task hub, of which only one serves the
/// pool, and a pool that no worker serves until one starts.</summary>
public sealed class DurablePoolTests : IAsyncLifetime
{
    private static readonly Baton.Abstractions.StoredDefinition Catalog = Backends.Catalog("""
          render: { runner: function, function: whoami, pool: gpu }
          fetch: { runner: function, function: whoami, pool: io }
        """);

    private readonly List<LocalDurableWorker> _workers = [];
    private string _storage = "";
    private string _hub = "";

    public async Task InitializeAsync()
    {
        _storage = await Azurite.ConnectionStringAsync();
        _hub = AzuriteDurableDriver.UniqueHub("pools");
    }

    public async Task DisposeAsync()
    {
        foreach (var worker in _workers)
        {
            await worker.DisposeAsync();
        }
    }

    // A worker on the shared hub whose whoami function answers with its name.
    private async Task<LocalDurableWorker> WorkerAsync(string name, IReadOnlyDictionary<string, int>? pools = null)
    {
        var functions = FunctionRegistry.WithBuiltIns(TimeProvider.System).Register("whoami", ctx => new JsonObject { ["worker"] = name, ["key"] = ctx.IdempotencyKey });
        var worker = await LocalDurableWorker.StartAsync(
            new DurableSidecarOptions(_storage, _hub, name)
            {
                PartitionCount = 2,
                MaxQueuePollingInterval = TimeSpan.FromMilliseconds(200),
                Pools = pools ?? new Dictionary<string, int>(StringComparer.Ordinal),
            },
            TestContexts.Of(functions, logging: LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Warning))), null, default);
        _workers.Add(worker);
        return worker;
    }

    private static Task StartAsync(LocalDurableWorker backend, string id, string task) => backend.Workflows.StartAsync(new StartRequest(
        Backends.Workflow("pooled", $"  steps:\n    - {{ id: work, task: {task}, input: {{}}, timeout: 2m }}\n  output:\n    mapping: {{ worker: \"${{steps.work.output.worker}}\" }}\n"),
        Catalog, null, id), default);

    [Fact]
    public async Task Run_PooledTask_RunsOnlyOnTheWorkerThatServesItsPool()
    {
        var plain = await WorkerAsync("plain");
        await WorkerAsync("gpu-box", new Dictionary<string, int>(StringComparer.Ordinal) { ["gpu"] = 2 });
        var ids = Enumerable.Range(0, 6).Select(i => $"render-{i}").ToList();

        foreach (var id in ids)
        {
            await StartAsync(plain, id, "render");
        }

        using var cts = new CancellationTokenSource(Backends.Patience);
        foreach (var id in ids)
        {
            var done = await plain.Workflows.WaitForCompletionAsync(id, cts.Token);
            Assert.Equal(InstanceStatus.Completed, done.Status);
            Assert.Equal("""{"worker":"gpu-box"}""", done.Output!.ToJsonString());
        }
        // Every attempt was reported and taken off the queue.
        var queue = new QueueClient(_storage, PoolQueues.QueueName(_hub, "gpu"));
        Assert.Equal(0, (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount);
    }

    [Fact]
    public async Task Run_PoolNobodyServes_WaitsInItsQueueUntilAWorkerServesIt()
    {
        var plain = await WorkerAsync("plain");
        await StartAsync(plain, "fetch-1", "fetch");
        var queue = new QueueClient(_storage, PoolQueues.QueueName(_hub, "io"));
        using var cts = new CancellationTokenSource(Backends.Patience);
        while (!await queue.ExistsAsync(cts.Token) || (await queue.GetPropertiesAsync(cts.Token)).Value.ApproximateMessagesCount == 0)
        {
            await Task.Delay(100, cts.Token);
        }
        Assert.Equal(InstanceStatus.Running, (await plain.Workflows.GetAsync("fetch-1", cts.Token))!.Status);

        await WorkerAsync("io-box", new Dictionary<string, int>(StringComparer.Ordinal) { ["io"] = 1 });
        var done = await plain.Workflows.WaitForCompletionAsync("fetch-1", cts.Token);

        Assert.Equal(InstanceStatus.Completed, done.Status);
        Assert.Equal("""{"worker":"io-box"}""", done.Output!.ToJsonString());
    }

    [Fact]
    public void QueueName_LongHub_IsShortenedToStorageLimit()
    {
        var name = PoolQueues.QueueName(new string('H', 45), new string('p', 40));

        Assert.Equal(63, name.Length);
        Assert.EndsWith("-pool-" + new string('p', 40), name, StringComparison.Ordinal);
        Assert.Equal("batonhub-pool-gpu", PoolQueues.QueueName("BatonHub", "gpu"));
    }
}
