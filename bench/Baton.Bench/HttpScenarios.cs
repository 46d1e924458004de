using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Baton.Host;
using Baton.Runtime.Hosting;

namespace Baton.Bench;

/// <summary>The control plane under load: the server runs in a second process on loopback, this process is the client.</summary>
internal static class HttpScenarios
{
    private const string Admin = "bench-admin";
    private const string Function = "bench-function";

    public sealed record Results(double HealthP50, double HealthP99, double HealthPerSecond, double StartP50, double StartP99, double StartsPerSecond,
        double WaiterStartsPerSecond);

    /// <summary>Runs the server half: the bench re-launches itself with <c>--serve-child PORT DB</c>.</summary>
    public static async Task ServeChildAsync(string port, string db)
    {
        await using var host = await BatonHost.StartAsync(new BatonHostOptions(new HostSettings())
        {
            Urls = $"http://127.0.0.1:{port}",
            Database = db,
            Environment = new Dictionary<string, string?> { ["BATON_ADMIN_KEY"] = Admin, ["BATON_FUNCTION_KEY"] = Function },
        }, default);
        Console.WriteLine("ready");
        await Console.In.ReadLineAsync();
    }

    public static async Task<Results> RunAsync(int sequential, int concurrentStarts, int concurrency, int? waiterStarts = null)
    {
        var dir = Directory.CreateTempSubdirectory("baton-http-bench-").FullName;
        var port = FreePort();
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in new[] { typeof(HttpScenarios).Assembly.Location, "--serve-child", port.ToString(System.Globalization.CultureInfo.InvariantCulture), Path.Combine(dir, "hub.db") })
        {
            psi.ArgumentList.Add(a);
        }
        using var server = Process.Start(psi)!;
        try
        {
            using (var startup = new CancellationTokenSource(TimeSpan.FromSeconds(60)))
            {
                while (await server.StandardOutput.ReadLineAsync(startup.Token) is { } line && line != "ready")
                {
                    if (server.HasExited)
                    {
                        throw new InvalidOperationException("The server process did not start.");
                    }
                }
            }
            using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency }) { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
            http.DefaultRequestHeaders.Add("x-functions-key", Function);
            var def = new StringBuilder("apiVersion: baton.dev/v1\nkind: Workflow\nmetadata: { name: hello5 }\nspec:\n  steps:\n");
            for (var i = 0; i < 5; i++)
            {
                def.Append(i == 0 ? "    - { id: s0, task: noop }\n" : $"    - {{ id: s{i}, task: noop, depends_on: [s{i - 1}] }}\n");
            }
            // A workflow that only waits for an event: its start is the start path alone (one commit, nothing dispatched).
            foreach (var text in new[] { def.ToString(), "apiVersion: baton.dev/v1\nkind: Workflow\nmetadata: { name: waiter }\nspec:\n  steps:\n    - { id: w, type: event, event: go }\n" })
            {
                using var upload = new HttpRequestMessage(HttpMethod.Post, "api/definitions") { Content = new StringContent(text) };
                upload.Headers.Add("x-functions-key", Admin);
                (await http.SendAsync(upload)).EnsureSuccessStatusCode();
            }
            for (var i = 0; i < 50; i++)
            {
                (await http.GetAsync("healthz")).EnsureSuccessStatusCode();
                (await Start(http, wait: true)).EnsureSuccessStatusCode();
            }
            var health = await TimeEachAsync(sequential, () => http.GetAsync("healthz"));
            var healthRate = await RateAsync(concurrentStarts, concurrency, () => http.GetAsync("healthz"));
            var start = await TimeEachAsync(sequential, () => Start(http, wait: true));
            var startRate = await RateAsync(concurrentStarts, concurrency, () => Start(http, wait: false));
            var waiterRate = await RateAsync(waiterStarts ?? concurrentStarts, concurrency,
                () => http.PostAsync("api/workflows/waiter/instances", new StringContent("null", Encoding.UTF8, "application/json")));
            return new Results(P(health, 0.5), P(health, 0.99), healthRate, P(start, 0.5), P(start, 0.99), startRate, waiterRate);
        }
        finally
        {
            server.StandardInput.WriteLine();
            if (!server.WaitForExit(10_000))
            {
                server.Kill(entireProcessTree: true);
            }
            Directory.Delete(dir, recursive: true);
        }
    }

    private static Task<HttpResponseMessage> Start(HttpClient http, bool wait) =>
        http.PostAsync(wait ? "api/workflows/hello5/instances?wait=30" : "api/workflows/hello5/instances", new StringContent("null", Encoding.UTF8, "application/json"));

    private static async Task<double[]> TimeEachAsync(int count, Func<Task<HttpResponseMessage>> call)
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

    private static async Task<double> RateAsync(int total, int concurrency, Func<Task<HttpResponseMessage>> call)
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

    private static double P(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

    private static int FreePort()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        var port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }
}
