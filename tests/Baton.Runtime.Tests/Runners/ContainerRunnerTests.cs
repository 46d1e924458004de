using System.Collections.Immutable;
using System.Text.Json.Nodes;
using Baton.Core.Expressions;
using Baton.Runtime.Catalog;
using Baton.Runtime.Runners;
using Baton.Testing;
using Baton.Abstractions;

namespace Baton.Runtime.Tests.Runners;

/// <summary>The container runner against a real engine: podman's Docker-compatible API with a local busybox image.</summary>
public sealed class ContainerRunnerTests : IAsyncLifetime
{
    private string _dockerHost = "";
    private ContainerRunner _runner = null!;

    public async Task InitializeAsync()
    {
        _dockerHost = await PodmanEngine.DockerHostAsync();
        _runner = new ContainerRunner(name => name == "DOCKER_HOST" ? _dockerHost : null);
    }

    public Task DisposeAsync()
    {
        _runner.Dispose();
        return Task.CompletedTask;
    }

    private static ContainerBinding Binding(string script, string image = PodmanEngine.Image, bool text = false, Dictionary<string, string>? env = null) =>
        new("t", image, [Template.Parse("sh"), Template.Parse("-c"), Template.Parse(script)],
            (env ?? []).ToImmutableDictionary(p => p.Key, p => Template.Parse(p.Value)), "none", text, null);

    private static TaskContext Context(string key = "c-1/s/1", JsonNode? input = null) =>
        new("c-1", "s", 1, key, "t", input ?? new JsonObject { ["city"] = "Oslo" });

    [Fact]
    public async Task RunAsync_ContainerWritesJson_OutputIsItAndInputArrivesInBatonInput()
    {
        var b = Binding("""printf '{"got":%s,"key":"%s","tag":"%s"}' "$BATON_INPUT" "$BATON_IDEMPOTENCY_KEY" "$TAG" """,
            env: new() { ["TAG"] = "${upper(input.city)}" });
        var ok = Assert.IsType<TaskResult.Success>(await _runner.RunAsync(b, Context(), default));
        Assert.Equal("""{"got":{"city":"Oslo"},"key":"c-1/s/1","tag":"OSLO"}""", ok.Output!.ToJsonString());
    }

    [Fact]
    public async Task RunAsync_LargeInput_ArrivesAsAFileOnly()
    {
        var big = new JsonObject { ["blob"] = new string('x', 100_000) };
        var b = Binding("""printf '{"bytes":%s,"inVariable":%s}' "$(wc -c < "$BATON_INPUT_FILE")" "$(printf %s "$BATON_INPUT" | wc -c)" """);
        var ok = Assert.IsType<TaskResult.Success>(await _runner.RunAsync(b, Context("c-1/s/7", big), default));
        Assert.Equal((big.ToJsonString().Length, 0), (ok.Output!["bytes"]!.GetValue<int>(), ok.Output["inVariable"]!.GetValue<int>()));
    }

    [Fact]
    public async Task RunAsync_NonZeroExit_FailsRetryableWithStderrTail()
    {
        var f = Assert.IsType<TaskResult.Failure>(await _runner.RunAsync(Binding("echo disk full >&2; exit 3"), Context("c-1/s/2"), default));
        Assert.Equal("ContainerFailed", f.Error.Code);
        Assert.Contains("exited with code 3", f.Error.Message, StringComparison.Ordinal);
        Assert.Contains("disk full", f.Error.Message, StringComparison.Ordinal);
        Assert.True(f.Retryable);
    }

    [Fact]
    public async Task RunAsync_TextOutput_WrapsStdout()
    {
        var ok = Assert.IsType<TaskResult.Success>(await _runner.RunAsync(Binding("echo plain words", text: true), Context("c-1/s/3"), default));
        Assert.Equal("plain words\n", ok.Output!["stdout"]!.GetValue<string>());
    }

    [Fact]
    public async Task RunAsync_UnknownImage_FailsWithoutRetry()
    {
        var f = Assert.IsType<TaskResult.Failure>(await _runner.RunAsync(Binding("true", image: "localhost/no-such-image:0"), Context("c-1/s/4"), default));
        Assert.Equal("ImageNotFound", f.Error.Code);
        Assert.False(f.Retryable);
    }

    [Fact]
    public async Task RunAsync_PastTimeout_FailsTimedOutAndRemovesTheContainer()
    {
        var executor = new TaskExecutor(new FunctionRegistry(), [_runner], TimeProvider.System);
        var catalog = new TaskCatalog(ImmutableDictionary<string, TaskBinding>.Empty.Add("t", Binding("sleep 30")), ".");
        var f = Assert.IsType<TaskResult.Failure>(await executor.RunAsync(catalog, Context("c-1/s/5"), TimeSpan.FromMilliseconds(800), default));
        Assert.Equal("TimedOut", f.Error.Code);
        using var engine = new DockerApi(_dockerHost);
        Assert.Null(await engine.InspectAsync(ContainerRunner.ContainerName("c-1/s/5"), default));
    }

    [Fact]
    public async Task RunAsync_Redelivered_WaitsForTheContainerTheFirstDeliveryMade()
    {
        // The first delivery created and started the container, then its host died.
        const string key = "c-1/s/6";
        using var engine = new DockerApi(_dockerHost);
        var name = ContainerRunner.ContainerName(key);
        Assert.True(await engine.CreateAsync(new Docker.DotNet.Models.CreateContainerParameters
        {
            Name = name,
            Image = PodmanEngine.Image,
            Cmd = ["sh", "-c", """sleep 1; echo '{"by":"first delivery"}'"""],
            HostConfig = new Docker.DotNet.Models.HostConfig { NetworkMode = "none" },
        }, default));
        await engine.StartAsync(name, default);

        var ok = Assert.IsType<TaskResult.Success>(await _runner.RunAsync(Binding("""echo '{"by":"second delivery"}'"""), Context(key), default));
        Assert.Equal("first delivery", ok.Output!["by"]!.GetValue<string>());
        Assert.Null(await engine.InspectAsync(name, default));
    }

    [Fact]
    public async Task RunAsync_NoEngineAtTheAddress_FailsRetryableNamingIt()
    {
        using var dir = new TempDirectory();
        using var runner = new ContainerRunner(name => name == "DOCKER_HOST" ? $"unix://{dir.File("none.sock")}" : null);

        var f = Assert.IsType<TaskResult.Failure>(await runner.RunAsync(Binding("true"), Context("c-1/s/8"), default));

        Assert.Equal("ContainerEngineUnavailable", f.Error.Code);
        Assert.Contains("none.sock", f.Error.Message, StringComparison.Ordinal);
        Assert.True(f.Retryable);
    }

    [Fact]
    public async Task RunAsync_UnknownPlatformSetting_FailsNamingIt()
    {
        using var runner = new ContainerRunner(name => name == ContainerBinding.PlatformSetting ? "kubernetes" : null);

        var f = Assert.IsType<TaskResult.Failure>(await runner.RunAsync(Binding("true"), Context("c-1/s/9"), default));

        Assert.Equal("UnknownPlatform", f.Error.Code);
        Assert.Contains("kubernetes", f.Error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("inst/step/1", "baton-inst-step-1-")]
    [InlineData("weird id with spaces/s/2", "baton-weird-id-with-spaces-s-2-")]
    public void ContainerName_AnyKey_IsValidForDockerAndUnique(string key, string prefix)
    {
        var name = ContainerRunner.ContainerName(key);
        Assert.StartsWith(prefix, name, StringComparison.Ordinal);
        Assert.Matches("^[a-zA-Z0-9][a-zA-Z0-9_.-]+$", name);
        Assert.NotEqual(name, ContainerRunner.ContainerName(key + "x"));
    }

    [Fact]
    public async Task RunAsync_ProtobufWithTheNodeExampleImage_RoundTripsTheEnvelope()
    {
        await ExampleImages.DetectAsync();
        var b = new ContainerBinding("object-detect", ExampleImages.Detect, [], System.Collections.Immutable.ImmutableDictionary<string, Template>.Empty, "none", false, null)
        {
            Format = new TaskFormat("protobuf", "acme.Image"),
        };
        var ok = Assert.IsType<TaskResult.Success>(await _runner.RunAsync(b, Context("c-1/s/9", new JsonObject { ["resized_image_url"] = "blob://dog-and-cat" }), default));
        Assert.Equal("""{"detected_objects":["cat","dog"],"from":"blob://dog-and-cat"}""", ok.Output!.ToJsonString());
    }
}
