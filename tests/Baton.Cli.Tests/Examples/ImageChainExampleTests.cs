using System.Text.Json.Nodes;
using Baton.Cli.Tests.Pools;
using Baton.Testing;

namespace Baton.Cli.Tests.Examples;

/// <summary>examples/image-chain as the README runs it: `baton run` chaining three containers on a real engine, the last a
/// Node.js service speaking the protobuf task envelope.</summary>
// Service pools on one storage account share its results queue (docs/catalog.md), so the tests that run pools on the
// test process's one Azurite never run at once.
[Collection(ServicePoolCollection.Name)]
public sealed class ImageChainExampleTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task ImageChain_OnPodman_ChainsEachImagesOutputIntoTheNext()
    {
        var env = new Dictionary<string, string> { ["DOCKER_HOST"] = await ExampleImages.DetectAsync() };
        var workflow = Path.Combine(RepoPaths.Root, "examples", "image-chain", "workflow.yaml");
        var run = await BatonProcess.RunAsync(_dir.Path, env, "run", workflow, "--db", _dir.File("hub.db"), "--input", "image=cat.jpg", "--input", "width=128");
        Assert.True(run.ExitCode == 0, run.Stderr);
        var output = JsonNode.Parse(run.Stdout)!;
        Assert.Equal("blob://uploads/cat.jpg@128px", output["resized"]!.GetValue<string>());
        Assert.Equal("""["cat"]""", output["objects"]!.ToJsonString());
        foreach (var step in new[] { "image-upload", "image-resize", "object-detect" })
        {
            Assert.Contains(step, run.Stderr, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task ImageChain_WithThePooledCatalogOnServe_RunsTheDetectStageOnItsPool()
    {
        var env = new Dictionary<string, string>
        {
            ["DOCKER_HOST"] = await ExampleImages.DetectAsync(),
            ["BATON_POOL_STORAGE"] = await Azurite.ConnectionStringAsync(),
            ["BATON_ADMIN_KEY"] = "example-admin-key",
            ["BATON_FUNCTION_KEY"] = "example-function-key",
        };
        try
        {
            using var server = await ServeProcess.StartAsync(_dir.Path, env);
            using var http = new HttpClient { BaseAddress = new Uri(server.Url) };
            http.DefaultRequestHeaders.Add("x-functions-key", "example-admin-key");
            foreach (var (path, file) in new[] { ("api/catalogs", "pooled/catalog.yaml"), ("api/definitions", "workflow.yaml") })
            {
                using var response = await http.PostAsync(path, new StringContent(File.ReadAllText(Path.Combine(RepoPaths.Root, "examples", "image-chain", file))));
                Assert.True(response.StatusCode == System.Net.HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
            }

            var run = await BatonProcess.RunAsync(_dir.Path, env, "start", "image-chain", "--catalog", "image-chain-pooled", "--id", "pooled-1",
                "--input", "image=cat.jpg", "--watch", "--server", server.Url, "--key", "example-function-key");

            Assert.True(run.ExitCode == 0, run.Stderr);
            Assert.Equal("""["cat"]""", JsonNode.Parse(run.Stdout)!["objects"]!.ToJsonString());
        }
        finally
        {
            await PodmanEngine.RemoveAllAsync("dev.baton.task", "object-detect");
        }
    }
}
