using System.Diagnostics;

namespace Baton.Bench;

/// <summary>Starts over HTTP on the Durable backend: the control plane in a second process (as <c>baton serve --backend
/// durable</c>, a worker on a sidecar over Azurite), one start after another of a workflow that only waits, so the figure
/// is the start path alone; and, in a pass of its own on an Azurite with its request log on, the storage requests per start.</summary>
internal static class DurableHttpScenarios
{
    /// <summary>Starts/s one after another, their p50, the same server's raw GET round trip, and storage requests per start.</summary>
    public sealed record Results(double StartsPerSecond, double StartP50Ms, double HealthP50Ms, double RequestsPerStart);

    public static async Task<Results> RunAsync(string root, int starts, int counted)
    {
        var (rate, p50, health) = await TimeAsync(root, starts);
        return new Results(rate, p50, health, await CountAsync(root, counted));
    }

    private static async Task<(double Rate, double P50, double Health)> TimeAsync(string root, int starts)
    {
        var dir = Directory.CreateTempSubdirectory("baton-bench-durable-http-").FullName;
        try
        {
            var storage = await DurableScenarios.StartAzuriteAsync(root, dir);
            using var server = await ReadyAsync(dir, storage);
            using var http = server.Client(1);
            var health = await HttpScenarios.TimeEachAsync(starts, () => http.GetAsync("healthz"));
            var clock = Stopwatch.StartNew();
            var times = await HttpScenarios.TimeEachAsync(starts, () => WaitingScenarios.StartWaiter(http));
            return (starts / clock.Elapsed.TotalSeconds, HttpScenarios.P(times, 0.5), HttpScenarios.P(health, 0.5));
        }
        finally
        {
            DurableScenarios.StopAzurite(dir);
        }
    }

    /// <summary>Every request Azurite received during the starts but the queues' polling and the leases' renewal, per start:
    /// the start's own requests and its orchestration's first episode (which schedules the wait).</summary>
    private static async Task<double> CountAsync(string root, int starts)
    {
        var dir = Directory.CreateTempSubdirectory("baton-bench-durable-http-log-").FullName;
        try
        {
            var storage = await DurableScenarios.StartAzuriteAsync(root, dir, "--debug");
            using var server = await ReadyAsync(dir, storage);
            using var http = server.Client(1);
            var log = Path.Combine(dir, "azurite-debug.log");
            var before = await RequestsAsync(log);
            for (var i = 0; i < starts; i++)
            {
                (await WaitingScenarios.StartWaiter(http)).EnsureSuccessStatusCode();
            }
            // The last orchestration's first episode runs after its start answered: wait until the count stops moving.
            var (last, now) = (-1L, await RequestsAsync(log));
            while (now != last)
            {
                await Task.Delay(500);
                (last, now) = (now, await RequestsAsync(log));
            }
            return (now - before) / (double)starts;
        }
        finally
        {
            DurableScenarios.StopAzurite(dir);
        }
    }

    private static async Task<BenchServer> ReadyAsync(string dir, string storage)
    {
        var server = await BenchServer.StartAsync(Path.Combine(dir, "hub.db"), durableStorage: storage);
        using var http = server.Client(1);
        await BenchServer.UploadAsync(http, WaitingScenarios.Waiter);
        for (var i = 0; i < 20; i++)
        {
            (await http.GetAsync("healthz")).EnsureSuccessStatusCode();
            (await WaitingScenarios.StartWaiter(http)).EnsureSuccessStatusCode();
        }
        return server;
    }

    private static async Task<long> RequestsAsync(string log)
    {
        long n = 0;
        await using var file = new FileStream(log, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(file);
        while (await reader.ReadLineAsync() is { } line)
        {
            if (line.Contains("StorageContextMiddleware: RequestMethod=", StringComparison.Ordinal)
                && !line.Contains("numofmessages", StringComparison.Ordinal) && !line.Contains("comp=lease", StringComparison.Ordinal))
            {
                n++;
            }
        }
        return n;
    }
}
