using Baton.Runtime.Composition;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json.Nodes;
using Baton.Durable;
using Baton.Durable.Local;
using Baton.Runtime.Runners;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging.Abstractions;
using Baton.Abstractions;

namespace Baton.Bench;

/// <summary>Baton's generic orchestrator on the Durable backend (a sidecar over Azurite) beside hand-written Durable
/// orchestrations of the same shapes (plain <c>CallActivityAsync</c> calls) on the same sidecar, worker and Azurite.</summary>
/// <remarks>Both call a no-op activity that records when it ran, so the figures are orchestration cost alone and
/// the ratio is the cost of interpreting a definition.</remarks>
internal static class DurableScenarios
{
    private static readonly ConcurrentQueue<long> Ticks = new();

    public sealed record Figures(double OrchestrationsPerSecond, double StepP50Ms, double FanOutSeconds);

    /// <summary>Reading a finished sequence's history (fetched and replayed, uncached) per step, beside fetching it alone.</summary>
    public sealed record HistoryFigures(double ReadMsPerStep, double FetchMsPerStep);

    public static async Task<(Figures Baton, Figures Hand, HistoryFigures History)> RunAsync(string root, int instances, int sequence, int fanOut)
    {
        var dir = Directory.CreateTempSubdirectory("baton-bench-azurite-").FullName;
        var connection = await StartAzuriteAsync(root, dir);
        try
        {
            await using var backend = await StartBackendAsync(connection);
            var client = backend.Workflows.Client;

            var hello = Workflow("hello5", string.Concat(Enumerable.Range(1, 5).Select(i =>
                $"    - {{ id: s{i}, task: tick{(i > 1 ? $", depends_on: [s{i - 1}]" : "")} }}\n")));
            var seq = Workflow("seq", string.Concat(Enumerable.Range(1, sequence).Select(i =>
                $"    - {{ id: s{i}, task: tick{(i > 1 ? $", depends_on: [s{i - 1}]" : "")} }}\n")));
            var fan = Workflow("fan", "    - { id: root, task: tick }\n" + string.Concat(Enumerable.Range(1, fanOut).Select(i =>
                $"    - {{ id: p{i}, task: tick, depends_on: [root] }}\n")) +
                $"    - {{ id: join, task: tick, depends_on: [{string.Join(", ", Enumerable.Range(1, fanOut).Select(i => $"p{i}"))}] }}\n");

            // Warm both paths once, so neither pays for first-use JIT and table creation.
            await RunAllAsync(client, 4, i => backend.Workflows.StartAsync(new StartRequest(hello, null, null, $"warm-b-{i}"), default));
            await RunAllAsync(client, 4, i => client.ScheduleNewOrchestrationInstanceAsync("HandSequence", 5, new StartOrchestrationOptions($"warm-h-{i}")));

            // Runs vary with Azurite's queue polling more than the two paths differ, so each path runs each shape in several
            // rounds, the two taking turns and each going first as often: a rate is over all its rounds' instances and
            // time, and the per-step p50 over all the gaps of its sequence runs.
            var (batonSeconds, handSeconds) = (0.0, 0.0);
            var (batonGaps, handGaps) = (new List<double>(), new List<double>());
            for (var run = 0; run < SequenceRuns; run++)
            {
                foreach (var batonTurn in run % 2 == 0 ? new[] { true, false } : [false, true])
                {
                    if (batonTurn)
                    {
                        batonSeconds += instances / await RateAsync(client, instances, i => backend.Workflows.StartAsync(new StartRequest(hello, null, null, $"b5-{run}-{i}"), default));
                        batonGaps.AddRange(await StepGapsAsync(client, () => backend.Workflows.StartAsync(new StartRequest(seq, null, null, $"b-seq-{run}"), default)));
                    }
                    else
                    {
                        handSeconds += instances / await RateAsync(client, instances, i => client.ScheduleNewOrchestrationInstanceAsync("HandSequence", 5, new StartOrchestrationOptions($"h5-{run}-{i}")));
                        handGaps.AddRange(await StepGapsAsync(client, () => client.ScheduleNewOrchestrationInstanceAsync("HandSequence", sequence, new StartOrchestrationOptions($"h-seq-{run}"))));
                    }
                }
            }
            var (batonRate, handRate) = (SequenceRuns * instances / batonSeconds, SequenceRuns * instances / handSeconds);
            var (batonFan, handFan) = (0.0, 0.0);
            for (var run = 0; run < FanOutRuns; run++)
            {
                foreach (var batonTurn in run % 2 == 0 ? new[] { true, false } : [false, true])
                {
                    if (batonTurn)
                    {
                        batonFan += await TotalAsync(client, () => backend.Workflows.StartAsync(new StartRequest(fan, null, null, $"b-fan-{run}"), default)) / FanOutRuns;
                    }
                    else
                    {
                        handFan += await TotalAsync(client, () => client.ScheduleNewOrchestrationInstanceAsync("HandFanOut", fanOut, new StartOrchestrationOptions($"h-fan-{run}"))) / FanOutRuns;
                    }
                }
            }
            var history = await HistoryReadAsync(backend, [.. Enumerable.Range(0, SequenceRuns).Select(run => $"b-seq-{run}")], sequence);
            return (new Figures(batonRate, Median(batonGaps), batonFan), new Figures(handRate, Median(handGaps), handFan), history);
        }
        finally
        {
            StopAzurite(dir);
        }
    }

    /// <summary>Each finished sequence's engine history read once through the backend (the framework's history fetched and
    /// replayed through the orchestrator; the first read of an instance, so nothing is cached), beside fetching the same
    /// history alone with the Durable client: medians, per step.</summary>
    private static async Task<HistoryFigures> HistoryReadAsync(LocalDurableWorker worker, string[] ids, int steps)
    {
        var (reads, fetches) = (new List<double>(), new List<double>());
        foreach (var id in ids)
        {
            var clock = Stopwatch.StartNew();
            await worker.Client.GetOrchestrationHistoryAsync(id);
            fetches.Add(clock.Elapsed.TotalMilliseconds / steps);
            // A backend of its own, so its history reads share no cache with the run's.
            await using var reader = new DurableBackend(new DurableConnection(worker.Hub, worker.Client, null, new JsonObject()));
            clock.Restart();
            var entries = await reader.ReadHistoryAsync(id, 0, int.MaxValue, default);
            reads.Add(clock.Elapsed.TotalMilliseconds / steps);
            if (entries.Count != steps + 1)
            {
                throw new InvalidOperationException($"{id}: {entries.Count} history events, not {steps + 1}.");
            }
        }
        return new HistoryFigures(Median(reads), Median(fetches));
    }

    /// <summary>Storage requests per step, Baton beside the hand-written orchestration: counted from Azurite's own request
    /// log (one "End response" line per request) over HelloSequence5 runs, in a pass of its own because the log slows
    /// Azurite. Queue polling during the runs is counted too, for both.</summary>
    public static async Task<(double Baton, double Hand)> RequestsPerStepAsync(string root, int instances)
    {
        var dir = Directory.CreateTempSubdirectory("baton-bench-azurite-log-").FullName;
        var connection = await StartAzuriteAsync(root, dir, "--debug");
        try
        {
            await using var backend = await StartBackendAsync(connection);
            var client = backend.Workflows.Client;
            var hello = Workflow("hello5", string.Concat(Enumerable.Range(1, 5).Select(i =>
                $"    - {{ id: s{i}, task: tick{(i > 1 ? $", depends_on: [s{i - 1}]" : "")} }}\n")));
            await RunAllAsync(client, 2, i => backend.Workflows.StartAsync(new StartRequest(hello, null, null, $"warm-b-{i}"), default));
            await RunAllAsync(client, 2, i => client.ScheduleNewOrchestrationInstanceAsync("HandSequence", 5, new StartOrchestrationOptions($"warm-h-{i}")));
            var log = Path.Combine(dir, "azurite-debug.log");
            var baton = await CountRequestsAsync(log, () => RunAllAsync(client, instances, i => backend.Workflows.StartAsync(new StartRequest(hello, null, null, $"rb-{i}"), default)));
            var hand = await CountRequestsAsync(log, () => RunAllAsync(client, instances, i => client.ScheduleNewOrchestrationInstanceAsync("HandSequence", 5, new StartOrchestrationOptions($"rh-{i}"))));
            return (baton / (instances * 5.0), hand / (instances * 5.0));
        }
        finally
        {
            StopAzurite(dir);
        }
    }

    private static async Task<long> CountRequestsAsync(string log, Func<Task> run)
    {
        var before = await EndedRequestsAsync(log);
        await run();
        await Task.Delay(500);
        return await EndedRequestsAsync(log) - before;
    }

    private static async Task<long> EndedRequestsAsync(string log)
    {
        long n = 0;
        await using var file = new FileStream(log, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(file);
        while (await reader.ReadLineAsync() is { } line)
        {
            if (line.Contains("EndMiddleware: End response", StringComparison.Ordinal))
            {
                n++;
            }
        }
        return n;
    }

    /// <summary>The worker's longest wait between polls of an idle queue (<c>--poll</c>; 100 ms unless given), the setting the
    /// function app's host.json calls maxQueuePollingInterval.</summary>
    public static TimeSpan PollingInterval { get; set; } = TimeSpan.FromMilliseconds(100);

    private static Task<LocalDurableWorker> StartBackendAsync(string connection) => StartBackendAsync(connection, "bench" + Guid.NewGuid().ToString("N")[..10], "bench", o => o);

    /// <summary>A worker (with the no-op <c>tick</c> task and the hand-written orchestrations) on a hub, with the bench's
    /// settings as <paramref name="adjust"/> changes them.</summary>
    internal static async Task<LocalDurableWorker> StartBackendAsync(string connection, string hub, string workerId, Func<DurableSidecarOptions, DurableSidecarOptions> adjust)
    {
        var functions = FunctionRegistry.WithBuiltIns(TimeProvider.System).Register("tick", _ =>
        {
            Ticks.Enqueue(Stopwatch.GetTimestamp());
            return new JsonObject();
        });
        var options = adjust(new DurableSidecarOptions(connection, hub, workerId)
        {
            MaxQueuePollingInterval = PollingInterval,
        });
        return await LocalDurableWorker.StartAsync(options, new BatonContext(TimeProvider.System, IdSource.Random, NullLoggerFactory.Instance, functions, _ => null), null, default, RegisterHandWritten);
    }

    /// <summary>The HelloSequence5 workflow the Durable rows run.</summary>
    internal static StoredDefinition Hello5 => Workflow("hello5", string.Concat(Enumerable.Range(1, 5).Select(i =>
        $"    - {{ id: s{i}, task: tick{(i > 1 ? $", depends_on: [s{i - 1}]" : "")} }}\n")));

    internal static void StopAzurite(string dir)
    {
        if (File.Exists(Path.Combine(dir, "azurite.pid")))
        {
            using var azurite = Process.GetProcessById(int.Parse(File.ReadAllText(Path.Combine(dir, "azurite.pid")).Trim(), System.Globalization.CultureInfo.InvariantCulture));
            azurite.Kill(entireProcessTree: true);
        }
        Directory.Delete(dir, recursive: true);
    }

    /// <summary>The baselines: what a developer would write by hand for the same shapes.</summary>
    private static void RegisterHandWritten(DurableTaskRegistry r)
    {
        r.AddActivityFunc<object?, JsonNode?>("HandTick", (_, _) =>
        {
            Ticks.Enqueue(Stopwatch.GetTimestamp());
            return new JsonObject();
        });
        r.AddOrchestratorFunc<int, int>("HandSequence", async (ctx, n) =>
        {
            for (var i = 0; i < n; i++)
            {
                await ctx.CallActivityAsync<JsonNode?>("HandTick");
            }
            return n;
        });
        r.AddOrchestratorFunc<int, int>("HandFanOut", async (ctx, n) =>
        {
            await ctx.CallActivityAsync<JsonNode?>("HandTick");
            await Task.WhenAll(Enumerable.Range(0, n).Select(_ => ctx.CallActivityAsync<JsonNode?>("HandTick")));
            await ctx.CallActivityAsync<JsonNode?>("HandTick");
            return n;
        });
    }

    private static StoredDefinition Workflow(string name, string steps)
    {
        var text = $"apiVersion: baton.dev/v1\nkind: Workflow\nmetadata: {{ name: {name} }}\nspec:\n  steps:\n{steps}";
        return new StoredDefinition(ContentHash.Of(text), "workflow", name, "1", $"{name}.yaml", text);
    }

    internal static async Task<double> RateAsync(DurableTaskClient client, int n, Func<int, Task<string>> start) =>
        n / await RunAllAsync(client, n, start);

    /// <summary>Starts <paramref name="n"/> instances, 16 at a time, waits for all, and returns the seconds from the first
    /// start to the last instance's own completion time.</summary>
    /// <remarks>The sidecar answers a client's wait by polling the instance table every two seconds, so the time the
    /// client sees them done is rounded up to that poll. The completion time the task hub records is not.</remarks>
    internal static async Task<double> RunAllAsync(DurableTaskClient client, int n, Func<int, Task<string>> start)
    {
        var began = DateTimeOffset.UtcNow;
        var ids = new ConcurrentBag<string>();
        await Parallel.ForAsync(0, n, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, _) => ids.Add(await start(i)));
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(20));
        var last = began;
        foreach (var id in ids)
        {
            var done = await client.WaitForInstanceCompletionAsync(id, cts.Token);
            if (done.RuntimeStatus != OrchestrationRuntimeStatus.Completed)
            {
                throw new InvalidOperationException($"{id} ended {done.RuntimeStatus}: {done.FailureDetails?.ErrorMessage ?? done.SerializedOutput}");
            }
            last = done.LastUpdatedAt > last ? done.LastUpdatedAt : last;
        }
        return (last - began).TotalSeconds;
    }

    /// <summary>How many rounds each path runs of HelloSequence5 (for the rate) and of the long sequence (for the per-step p50).</summary>
    public const int SequenceRuns = 4;

    /// <summary>How many rounds each path runs the fan-out/fan-in; the figure is the mean of its rounds.</summary>
    public const int FanOutRuns = 2;

    // The gaps between consecutive activity runs of one sequence, in milliseconds.
    private static async Task<double[]> StepGapsAsync(DurableTaskClient client, Func<Task<string>> start)
    {
        Ticks.Clear();
        await RunAllAsync(client, 1, _ => start());
        var t = Ticks.ToArray();
        return [.. t.Zip(t.Skip(1), (a, b) => Stopwatch.GetElapsedTime(a, b).TotalMilliseconds)];
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted[sorted.Length / 2];
    }

    private static Task<double> TotalAsync(DurableTaskClient client, Func<Task<string>> start) =>
        RunAllAsync(client, 1, _ => start());

    internal static async Task<string> StartAzuriteAsync(string root, string dir, params string[] flags)
    {
        var psi = new ProcessStartInfo("bash", [Path.Combine(root, "eng", "azurite", "start.sh"), dir, .. flags])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var script = Process.Start(psi)!;
        var stdout = await script.StandardOutput.ReadToEndAsync();
        var stderr = await script.StandardError.ReadToEndAsync();
        await script.WaitForExitAsync();
        return script.ExitCode == 0 ? stdout.Trim() : throw new InvalidOperationException($"Azurite could not start: {stderr}");
    }
}
