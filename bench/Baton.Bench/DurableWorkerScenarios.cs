using System.Diagnostics;
using Baton.Abstractions;

namespace Baton.Bench;

/// <summary>HelloSequence5 on the Durable backend under the provider's settings Baton sets or documents: one worker against two
/// worker processes on one task hub, four partitions against one, and queues polled at most every 100 ms against every second.</summary>
/// <remarks>Each runs on a task hub of its own on one Azurite. The second worker is the bench re-launched as
/// <c>--durable-worker STORAGE HUB</c>; the run waits two lease intervals (5 s each) after it is up, so the partitions can be
/// shared before the instances start.</remarks>
internal static class DurableWorkerScenarios
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(5);

    public sealed record Figures(double OneWorker, double TwoWorkers, double OnePartition, double SlowPolling);

    public static async Task<Figures> RunAsync(string root, int instances)
    {
        var dir = Directory.CreateTempSubdirectory("baton-bench-durable-workers-").FullName;
        try
        {
            var storage = await DurableScenarios.StartAzuriteAsync(root, dir);
            var one = await RateAsync(storage, instances, o => o, secondWorker: false);
            var two = await RateAsync(storage, instances, o => o, secondWorker: true);
            var onePartition = await RateAsync(storage, instances, o => o with { PartitionCount = 1 }, secondWorker: false);
            var slow = await RateAsync(storage, instances, o => o with { MaxQueuePollingInterval = TimeSpan.FromSeconds(1) }, secondWorker: false);
            return new Figures(one, two, onePartition, slow);
        }
        finally
        {
            DurableScenarios.StopAzurite(dir);
        }
    }

    /// <summary>The second worker's half: a worker on the hub until a line arrives on stdin.</summary>
    public static async Task WorkerChildAsync(string storage, string hub)
    {
        await using var worker = await DurableScenarios.StartBackendAsync(storage, hub, "bench-second", o => o with { LeaseInterval = Lease });
        Console.WriteLine("ready");
        await Console.In.ReadLineAsync();
    }

    private static async Task<double> RateAsync(string storage, int instances, Func<Durable.Local.DurableSidecarOptions, Durable.Local.DurableSidecarOptions> adjust, bool secondWorker)
    {
        var hub = "benchw" + Guid.NewGuid().ToString("N")[..10];
        await using var worker = await DurableScenarios.StartBackendAsync(storage, hub, "bench-first", o => adjust(o with { LeaseInterval = Lease }));
        using var second = secondWorker ? await SecondWorkerAsync(storage, hub) : null;
        var client = worker.Workflows.Client;
        await DurableScenarios.RunAllAsync(client, 4, i => worker.Workflows.StartAsync(new StartRequest(DurableScenarios.Hello5, null, null, $"warm-{i}"), default));
        try
        {
            return await DurableScenarios.RateAsync(client, instances, i => worker.Workflows.StartAsync(new StartRequest(DurableScenarios.Hello5, null, null, $"w-{i}"), default));
        }
        finally
        {
            if (second is not null)
            {
                second.StandardInput.WriteLine();
                if (!second.WaitForExit(20_000))
                {
                    second.Kill(entireProcessTree: true);
                }
            }
        }
    }

    private static async Task<Process> SecondWorkerAsync(string storage, string hub)
    {
        var process = await BenchServer.StartChildAsync("--durable-worker", storage, hub);
        // Two lease intervals for the hub's four partitions to be shared between the two workers.
        await Task.Delay(2 * Lease);
        return process;
    }
}
