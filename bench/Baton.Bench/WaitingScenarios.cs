using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;

namespace Baton.Bench;

/// <summary>Many instances waiting on an event, on the embedded hub behind <c>baton serve</c>: the memory they take while they
/// are started, the time a server killed with SIGKILL takes to be ready again on the same store, how long a raised event
/// takes to complete one of them, and what a page of the instance list costs near the start and deep into it.</summary>
internal static class WaitingScenarios
{
    /// <summary>A workflow whose instances only wait for an event named <c>go</c>.</summary>
    public const string Waiter = "apiVersion: baton.dev/v1\nkind: Workflow\nmetadata: { name: waiter }\nspec:\n  steps:\n    - { id: w, type: event, event: go }\n";

    public sealed record Results(int Instances, double StartSeconds, long RssBeforeBytes, long RssAfterBytes, double FreshStartSeconds, double RestartSeconds,
        double RaiseToCompletedMs, double FirstPageMs, double DeepPageMs, int DeepPage);

    /// <summary>Starts one waiting instance (202 once its start is committed).</summary>
    public static Task<HttpResponseMessage> StartWaiter(HttpClient http) =>
        http.PostAsync("api/workflows/waiter/instances", new StringContent("null", Encoding.UTF8, "application/json"));

    /// <summary>Starts <paramref name="instances"/> waiting instances with 16 keep-alive clients, then measures the rest.</summary>
    public static async Task<Results> RunAsync(int instances)
    {
        var dir = Directory.CreateTempSubdirectory("baton-waiting-bench-").FullName;
        var db = Path.Combine(dir, "hub.db");
        try
        {
            long before, after;
            double startSeconds;
            int port;
            var fresh = Stopwatch.StartNew();
            using (var server = await BenchServer.StartAsync(db))
            {
                fresh.Stop();
                port = server.Port;
                using var http = server.Client(16);
                await BenchServer.UploadAsync(http, Waiter);
                (await StartWaiter(http)).EnsureSuccessStatusCode();
                before = server.ResidentBytes;
                var sw = Stopwatch.StartNew();
                await HttpScenarios.RateAsync(instances, 16, () => StartWaiter(http));
                startSeconds = sw.Elapsed.TotalSeconds;
                after = server.ResidentBytes;
                server.Kill();
            }
            var restart = Stopwatch.StartNew();
            using var again = await BenchServer.StartAsync(db, port);
            using var client = again.Client(4);
            (await client.GetAsync("healthz")).EnsureSuccessStatusCode();
            var restartSeconds = restart.Elapsed.TotalSeconds;
            // The first request of each kind after a restart pays for compiling its code: each is made once before it is timed.
            await PageAsync(client, null);
            var first = await PageAsync(client, null);
            var ids = first.Page["instances"]!.AsArray().Select(i => i!["instanceId"]!.GetValue<string>()).ToList();
            await RaiseAsync(client, ids[0]);
            var raiseMs = await RaiseAsync(client, ids[1]);
            // Deep into the list: follow continuation tokens as a client paging through would, timing the last page.
            var deep = Math.Min(50, instances / 100);
            var token = first.Page["continuationToken"]?.GetValue<string>();
            var deepMs = first.Ms;
            for (var p = 1; p < deep && token is not null; p++)
            {
                var page = await PageAsync(client, token);
                (token, deepMs) = (page.Page["continuationToken"]?.GetValue<string>(), page.Ms);
            }
            return new Results(instances, startSeconds, before, after, fresh.Elapsed.TotalSeconds, restartSeconds, raiseMs, first.Ms, deepMs, deep);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    // Raises the event an instance waits for and reads its status until it has completed: the time from raise to completion.
    private static async Task<double> RaiseAsync(HttpClient client, string id)
    {
        var raise = Stopwatch.StartNew();
        (await client.PostAsync($"api/instances/{id}/events/go", new StringContent("{}", Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();
        while ((await client.GetFromJsonAsync($"api/instances/{id}"))["runtimeStatus"]!.GetValue<string>() != "Completed")
        {
        }
        return raise.Elapsed.TotalMilliseconds;
    }

    private static async Task<(JsonNode Page, double Ms)> PageAsync(HttpClient http, string? token)
    {
        var sw = Stopwatch.StartNew();
        var page = await http.GetFromJsonAsync("api/instances?top=100" + (token is null ? "" : "&continuationToken=" + Uri.EscapeDataString(token)));
        return (page, sw.Elapsed.TotalMilliseconds);
    }

    private static async Task<JsonNode> GetFromJsonAsync(this HttpClient http, string path) =>
        JsonNode.Parse(await http.GetStringAsync(path))!;
}
