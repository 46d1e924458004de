using System.Text.Json.Nodes;
using Baton.Testing;

namespace Baton.Cli.Tests.Examples;

/// <summary>examples/image-chain as the README runs it: `baton run` chaining three containers on a real engine, the last a
/// Node.js service speaking the protobuf task envelope.</summary>
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
}
