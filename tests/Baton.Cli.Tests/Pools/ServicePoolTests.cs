using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Baton.Testing;

namespace Baton.Cli.Tests.Pools;

/// <summary>A service pool on real parts, on both backends: `baton serve` queues a burst of attempts on Azurite, scales replicas
/// of the image chain's Node.js detect service on podman by the autoscaler's rule, relays their reports, and drains them
/// afterwards.</summary>
// Service pools on one storage account share its results queue (docs/catalog.md), so the tests that run pools on the
// test process's one Azurite never run at once.
[Collection(ServicePoolCollection.Name)]
public sealed class ServicePoolTests : IDisposable
{
    private const string Admin = "pool-admin-key";
    private const string Function = "pool-function-key";
    private const int Burst = 50;
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData("embedded")]
    [InlineData("durable")]
    public async Task Pool_BurstOfFiftyAttempts_ScalesUpRunsEachOnceAndScalesBackDown(string backend)
    {
        var task = $"detect-{Convert.ToHexStringLower(Guid.NewGuid().ToByteArray())[..8]}";
        var env = new Dictionary<string, string>
        {
            ["BATON_ADMIN_KEY"] = Admin,
            ["BATON_FUNCTION_KEY"] = Function,
            ["BATON_POOL_STORAGE"] = await Azurite.ConnectionStringAsync(),
            ["DOCKER_HOST"] = await ExampleImages.DetectAsync(),
            ["BATON_POOL_INTERVAL"] = "200ms",
        };
        if (backend == "durable")
        {
            env["AzureWebJobsStorage"] = env["BATON_POOL_STORAGE"];
        }
        try
        {
            using var server = await ServeProcess.StartAsync(_dir.Path, env, "--backend", backend);
            // A loaded machine (other test classes run beside this one) may take long over 50 starts on the Durable backend.
            using var http = new HttpClient { BaseAddress = new Uri(server.Url), Timeout = TimeSpan.FromMinutes(5) };
            http.DefaultRequestHeaders.Add("x-functions-key", Admin);
            await CreatedAsync(http, "api/catalogs", $$"""
                apiVersion: baton.dev/v1
                kind: Catalog
                metadata: { name: pooled }
                tasks:
                  {{task}}:
                    runner: container
                    image: {{ExampleImages.Detect}}
                    format: protobuf
                    timeout: 2m
                    env: { DETECT_DELAY_MS: "150" }   # each attempt takes a while, as inference does, so a queue builds
                    pool: { min: 0, max: 4, target_per_replica: 5, scale_down_after: 3s }
                """);
            await CreatedAsync(http, "api/definitions", $$"""
                apiVersion: baton.dev/v1
                kind: Workflow
                metadata: { name: pooled-detect, version: "1" }
                spec:
                  steps:
                    - { id: detect, task: {{task}}, input: { resized_image_url: "${input.url}" } }
                  output: { mapping: { result: "${steps.detect.output}" } }
                """);

            await Parallel.ForEachAsync(Enumerable.Range(0, Burst), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, _) =>
                await CreatedOrAcceptedAsync(http, $"api/workflows/pooled-detect/instances?catalog=pooled&instanceId=p{i}", $$"""{ "url": "blob://cat-{{i}}" }"""));

            var queue = await LabelValueAsync(task);
            var most = 0;
            var outputs = new Dictionary<string, JsonNode>();
            var deadline = DateTime.UtcNow.AddMinutes(4);
            while (outputs.Count < Burst && DateTime.UtcNow < deadline)
            {
                most = Math.Max(most, (await PodmanEngine.ContainersAsync("dev.baton.pool", queue)).Count(c => c.State == "running"));
                foreach (var i in Enumerable.Range(0, Burst).Where(i => !outputs.ContainsKey($"p{i}")))
                {
                    var instance = JsonNode.Parse(await http.GetStringAsync($"api/instances/p{i}"))!;
                    Assert.NotEqual("Failed", instance["runtimeStatus"]!.GetValue<string>());
                    if (instance["runtimeStatus"]!.GetValue<string>() == "Completed")
                    {
                        outputs[$"p{i}"] = instance["output"]!["result"]!;
                    }
                }
                await Task.Delay(200); // between polls of the state asserted below
            }

            Assert.Equal(Burst, outputs.Count);
            Assert.True(most >= 2, $"the pool never ran more than {most} replica(s) for a burst of {Burst}");
            Assert.All(outputs.Values, o => Assert.Equal(("cat", 1), (o["detected_objects"]![0]!.GetValue<string>(), o["deliveries"]!.GetValue<int>())));
            Assert.True(outputs.Values.Select(o => o["replica"]!.GetValue<string>()).Distinct().Count() >= 2, "every attempt ran on one replica");
            foreach (var id in outputs.Keys)
            {
                var history = JsonNode.Parse(await http.GetStringAsync($"api/instances/{id}/history"))!["events"]!.AsArray();
                Assert.Single(history, e => e!["type"]!.GetValue<string>() == "TaskCompleted");
            }
            await Eventually.UntilAsync(() => PodmanEngine.ContainersAsync("dev.baton.pool", queue).GetAwaiter().GetResult().Count == 0,
                "the pool to drain back to no replicas", TimeSpan.FromMinutes(1));
        }
        finally
        {
            await PodmanEngine.RemoveAllAsync("dev.baton.task", task);
        }
    }

    // The queue's name is the label's value; it is derived from the task's name with a hash, so it is read off a replica.
    private static async Task<string> LabelValueAsync(string task)
    {
        string? queue = null;
        await Eventually.UntilAsync(() =>
        {
            queue = ContainersByTask(task).FirstOrDefault();
            return queue is not null;
        }, "the pool's first replica", TimeSpan.FromMinutes(1));
        return queue!;
    }

    private static IEnumerable<string> ContainersByTask(string task) =>
        PodmanEngine.ContainersAsync("dev.baton.task", task).GetAwaiter().GetResult().Select(c => c.Name[..c.Name.LastIndexOf("-r", StringComparison.Ordinal)]);

    private static async Task CreatedAsync(HttpClient http, string path, string body)
    {
        using var response = await http.PostAsync(path, new StringContent(body, Encoding.UTF8));
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
    }

    private static async Task CreatedOrAcceptedAsync(HttpClient http, string path, string body)
    {
        using var response = await http.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.True(response.StatusCode is HttpStatusCode.Created or HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
    }
}
