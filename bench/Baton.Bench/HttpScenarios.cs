using System.Diagnostics;
using System.Text;
using Baton.Durable.Local;
using Baton.Host;
using Baton.Runtime.Composition;
using Microsoft.Extensions.DependencyInjection;
using Baton.Runtime.Hosting;

namespace Baton.Bench;

/// <summary>The control plane under load: the server runs in a second process on loopback, this process is the client.</summary>
internal static class HttpScenarios
{
    public sealed record Results(double HealthP50, double HealthP99, double HealthPerSecond, double StartP50, double StartP99, double StartsPerSecond,
        double WaiterStartsPerSecond);

    /// <summary>Runs the server half: the bench re-launches itself with <c>--serve-child PORT DB [STORAGE]</c>; with a storage
    /// connection string, on the Durable backend (a task hub of its own on that storage), as <c>baton serve --backend durable</c>.</summary>
    public static async Task ServeChildAsync(string port, string db, string? durableStorage = null)
    {
        await using var host = await BatonHost.StartAsync(new BatonHostOptions(new HostSettings())
        {
            Urls = $"http://127.0.0.1:{port}",
            Database = db,
            Environment = new Dictionary<string, string?> { ["BATON_ADMIN_KEY"] = BenchServer.Admin, ["BATON_FUNCTION_KEY"] = BenchServer.Function },
            Backend = durableStorage is null ? null : services => DurableTaskBackendServices.Local(
                new DurableSidecarOptions(durableStorage, "benchhttp" + port, "bench-http") { MaxQueuePollingInterval = DurableScenarios.PollingInterval },
                services.GetRequiredService<BatonContext>()),
        }, default);
        Console.WriteLine("ready");
        await Console.In.ReadLineAsync();
    }

    public static async Task<Results> RunAsync(int sequential, int concurrentStarts, int concurrency, int? waiterStarts = null)
    {
        var dir = Directory.CreateTempSubdirectory("baton-http-bench-").FullName;
        try
        {
            using var server = await BenchServer.StartAsync(Path.Combine(dir, "hub.db"));
            using var http = server.Client(concurrency);
            var def = new StringBuilder("apiVersion: baton.dev/v1\nkind: Workflow\nmetadata: { name: hello5 }\nspec:\n  steps:\n");
            for (var i = 0; i < 5; i++)
            {
                def.Append(i == 0 ? "    - { id: s0, task: noop }\n" : $"    - {{ id: s{i}, task: noop, depends_on: [s{i - 1}] }}\n");
            }
            await BenchServer.UploadAsync(http, def.ToString());
            // A workflow that only waits for an event: its start is the start path alone (one commit, nothing dispatched).
            await BenchServer.UploadAsync(http, WaitingScenarios.Waiter);
            for (var i = 0; i < 50; i++)
            {
                (await http.GetAsync("healthz")).EnsureSuccessStatusCode();
                (await Start(http, wait: true)).EnsureSuccessStatusCode();
            }
            var health = await TimeEachAsync(sequential, () => http.GetAsync("healthz"));
            var healthRate = await RateAsync(concurrentStarts, concurrency, () => http.GetAsync("healthz"));
            var start = await TimeEachAsync(sequential, () => Start(http, wait: true));
            var startRate = await RateAsync(concurrentStarts, concurrency, () => Start(http, wait: false));
            var waiterRate = await RateAsync(waiterStarts ?? concurrentStarts, concurrency, () => WaitingScenarios.StartWaiter(http));
            return new Results(P(health, 0.5), P(health, 0.99), healthRate, P(start, 0.5), P(start, 0.99), startRate, waiterRate);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static Task<HttpResponseMessage> Start(HttpClient http, bool wait) =>
        http.PostAsync(wait ? "api/workflows/hello5/instances?wait=30" : "api/workflows/hello5/instances", new StringContent("null", Encoding.UTF8, "application/json"));

    internal static async Task<double[]> TimeEachAsync(int count, Func<Task<HttpResponseMessage>> call)
    {
        var times = new double[count];
        for (var i = 0; i < count; i++)
        {
            var t = Stopwatch.GetTimestamp();
            using var r = await call();
            r.EnsureSuccessStatusCode();
            times[i] = Stopwatch.GetElapsedTime(t).TotalMilliseconds;
        }
        Array.Sort(times);
        return times;
    }

    internal static async Task<double> RateAsync(int total, int concurrency, Func<Task<HttpResponseMessage>> call)
    {
        var remaining = total;
        var sw = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            while (Interlocked.Decrement(ref remaining) >= 0)
            {
                using var r = await call();
                r.EnsureSuccessStatusCode();
            }
        }));
        return total / sw.Elapsed.TotalSeconds;
    }

    internal static double P(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
}
