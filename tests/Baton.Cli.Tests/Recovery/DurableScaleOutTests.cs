using System.Diagnostics;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Baton.Core.Engine;
using Baton.Durable;
using Baton.Durable.Local;
using Baton.Testing;
using Microsoft.DurableTask.Client;
using Xunit.Abstractions;
using Baton.Abstractions;

namespace Baton.Cli.Tests.Recovery;

/// <summary>Two `baton worker` processes on one task hub in Azurite share 200 instances; one is killed with SIGKILL mid-run.</summary>
public sealed class DurableScaleOutTests(ITestOutputHelper log) : IAsyncLifetime
{
    private const int Instances = 200;
    private readonly string _hub = "scale" + Guid.NewGuid().ToString("N")[..12];
    private readonly List<Process> _workers = [];
    private string _storage = "";

    public async Task InitializeAsync() => _storage = await Azurite.ConnectionStringAsync();

    public Task DisposeAsync()
    {
        foreach (var w in _workers.Where(w => !w.HasExited))
        {
            w.Kill(entireProcessTree: true);
        }
        return Task.CompletedTask;
    }

    private async Task<Process> StartWorkerAsync(string id)
    {
        var process = BatonProcess.Start(BatonProcess.RepoRoot, new Dictionary<string, string>
        {
            ["AzureWebJobsStorage"] = _storage, ["BATON_TASK_HUB"] = _hub, ["BATON_WORKER_ID"] = id,
        }, "worker");
        _workers.Add(process);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        while (await process.StandardError.ReadLineAsync(cts.Token) is { } line)
        {
            if (line.Contains("worker on task hub", StringComparison.Ordinal))
            {
                _ = process.StandardError.ReadToEndAsync(CancellationToken.None);
                _ = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
                return process;
            }
        }
        throw new InvalidOperationException($"Worker {id} exited ({process.ExitCode}) before it was ready.");
    }

    private static async Task<int> CountAsync(DurableTaskClient client, OrchestrationRuntimeStatus status)
    {
        var n = 0;
        await foreach (var _ in client.GetAllInstancesAsync(new OrchestrationQuery { Statuses = [status], PageSize = 500 }))
        {
            n++;
        }
        return n;
    }

    [Fact]
    public async Task Workers_OneKilledMidRun_AllInstancesCompleteWithEachStepCompletedOnce()
    {
        await StartWorkerAsync("w1");
        var survivor = await StartWorkerAsync("w2");
        await using var client = await LocalDurableWorker.StartAsync(new DurableSidecarOptions(_storage, _hub, "starter") { ClientOnly = true },
            TestContexts.Of(), null, default);
        var dir = Path.Combine(RepoPaths.Root, "examples", "hello-sequence");
        var workflowText = File.ReadAllText(Path.Combine(dir, "workflow.yaml"));
        var catalogText = File.ReadAllText(Path.Combine(dir, "catalog.yaml"));
        var workflow = new StoredDefinition(ContentHash.Of(workflowText), "workflow", "hello-sequence", "1.0.0", Path.Combine(dir, "workflow.yaml"), workflowText);
        var catalog = new StoredDefinition(ContentHash.Of(catalogText), "catalog", "default", "1", Path.Combine(dir, "catalog.yaml"), catalogText);
        log.WriteLine("starting");
        await Parallel.ForAsync(0, Instances, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, ct) =>
            await client.Workflows.StartAsync(new StartRequest(workflow, catalog, new JsonObject { ["name"] = $"n{i}" }, $"scale-{i:000}"), ct));

        var durable = client.Workflows.Client;
        var clock = Stopwatch.StartNew();
        log.WriteLine("started all");
        while (await CountAsync(durable, OrchestrationRuntimeStatus.Completed) < Instances / 5 && clock.Elapsed < TimeSpan.FromMinutes(3))
        {
            await Task.Delay(200);
        }
        _workers[0].Kill(entireProcessTree: true);
        var completedAtKill = await CountAsync(durable, OrchestrationRuntimeStatus.Completed);
        log.WriteLine($"{clock.Elapsed}: killed w1 with {completedAtKill} of {Instances} completed");
        Assert.InRange(completedAtKill, Instances / 5, Instances - 1);

        while (await CountAsync(durable, OrchestrationRuntimeStatus.Completed) < Instances && clock.Elapsed < TimeSpan.FromMinutes(6))
        {
            Assert.False(survivor.HasExited, "the surviving worker died");
            await Task.Delay(500);

        }
        log.WriteLine($"{clock.Elapsed}: all {Instances} completed");
        // Every instance's step view, read as the status route reads it (rebuilt from its history), shows each step once.
        await using var reader = new DurableBackend(new DurableConnection(client.Hub, client.Client, null, new JsonObject()));
        for (var i = 0; i < Instances; i++)
        {
            var id = $"scale-{i:000}";
            var state = (await reader.GetStateAsync(id, default))!;
            Assert.Equal(InstanceStatus.Completed, state.Status);
            var output = (await reader.ReadValueAsync(id, state.Output, default))!;
            Assert.Equal($"N{i}".ToUpperInvariant(), output["message"]!.GetValue<string>()[7..(7 + $"n{i}".Length)]);
            Assert.True(state.Steps.Count == 5 && state.Steps.Values.All(s => s.Status == StepStatus.Succeeded && s.Attempt == 1 && s.Output is not null),
                $"{id}: {string.Join(", ", state.Steps.Select(s => $"{s.Key}={s.Value.Status}/{s.Value.Attempt}"))}");
        }

        // Each history holds one completion of each of the five activities it scheduled. An activity redelivered after the
        // kill may report twice; the framework records the late duplicate but never hands it to the orchestrator, which
        // is why the steps above show one attempt each. Duplicates are counted here so the test says what happened.
        var history = new TableClient(_storage, _hub + "History");
        var completions = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        await foreach (var e in history.QueryAsync<TableEntity>(e => e.GetString("EventType") == "TaskCompleted"))
        {
            if (!completions.TryGetValue(e.PartitionKey, out var ids))
            {
                completions[e.PartitionKey] = ids = [];
            }
            ids.Add(e.GetInt32("TaskScheduledId") ?? -1);
        }
        Assert.Equal(Instances, completions.Count);
        var wrong = completions.Where(c => c.Value.Distinct().Count() != 5).Select(c => $"{c.Key}: [{string.Join(",", c.Value)}]").ToList();
        Assert.True(wrong.Count == 0, "Instances without exactly five completed activities: " + string.Join("; ", wrong));
        var redelivered = completions.Where(c => c.Value.Count > 5).Select(c => $"{c.Key}: [{string.Join(",", c.Value)}]").ToList();
        log.WriteLine($"{redelivered.Count} instance(s) received a duplicate completion that the framework dropped: {string.Join("; ", redelivered)}");
    }
}
