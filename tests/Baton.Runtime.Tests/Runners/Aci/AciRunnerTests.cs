using System.Collections.Immutable;
using System.Text.Json.Nodes;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Storage.Blobs;
using Baton.Core.Expressions;
using Baton.Runtime.Catalog;
using Baton.Runtime.Runners;
using Baton.Runtime.Runners.Aci;
using Baton.Testing;
using Baton.Abstractions;

namespace Baton.Runtime.Tests.Runners.Aci;

/// <summary>The ACI runner against a local endpoint that speaks ARM's container-group API and runs each group's
/// container on podman, so every test moves real data through a real container.</summary>
public sealed class AciRunnerTests : IAsyncLifetime
{
    private const string Subscription = "00000000-0000-0000-0000-00000000aaaa";
    private ContainerInstancesServer _arm = null!;

    public async Task InitializeAsync() => _arm = await ContainerInstancesServer.StartAsync(await PodmanEngine.DockerHostAsync());

    public async Task DisposeAsync() => await _arm.DisposeAsync();

    private Func<string, string?> Settings(string? without = null) => name => name == without ? null : name switch
    {
        AciSettings.SubscriptionSetting => Subscription,
        AciSettings.ResourceGroupSetting => "rg-tasks",
        AciSettings.LocationSetting => "westeurope",
        AciSettings.EndpointSetting => _arm.Address.ToString(),
        AciSettings.PollSetting => "0.1",
        ContainerBinding.PlatformSetting => "aci",
        _ => null,
    };

    private AciRunner Runner(BlobContainerClient? data = null, HttpPipelineTransport? transport = null, string? without = null) =>
        new(Settings(without), TimeProvider.System, data, ContainerInstancesServer.Credential, transport ?? _arm.Transport);

    private static ContainerBinding Binding(string script, string image = PodmanEngine.Image, double? cpu = null, double? memory = null) =>
        new("t", image, [Template.Parse("sh"), Template.Parse("-c"), Template.Parse(script)],
            ImmutableDictionary<string, Template>.Empty.Add("TAG", Template.Parse("${upper(input.city)}")), "none", false, null, null, cpu, memory);

    private static TaskContext Context(string key, JsonNode? input = null) =>
        new("c-1", "s", 1, key, "t", input ?? new JsonObject { ["city"] = "Oslo" });

    private IEnumerable<(string Method, string Path, string Query, JsonNode? Body, DateTimeOffset At)> Calls(string method) =>
        _arm.Requests.Where(r => r.Method == method);

    [Fact]
    public async Task RunAsync_ContainerPrintsJson_OutputComesFromItsLogAndTheGroupIsDeleted()
    {
        var b = Binding("""printf '{"file":%s,"tag":"%s","key":"%s"}' "$(cat "$BATON_INPUT_FILE")" "$TAG" "$BATON_IDEMPOTENCY_KEY" """);

        var ok = Assert.IsType<TaskResult.Success>(await Runner().RunAsync(b, Context("c-1/s/1"), default));

        Assert.Equal("""{"file":{"city":"Oslo"},"tag":"OSLO","key":"c-1/s/1"}""", ok.Output!.ToJsonString());
        Assert.Empty(_arm.Groups);
        Assert.Single(Calls("DELETE"));
    }

    [Fact]
    public async Task RunAsync_CreateRequest_HasTheArmReferenceShape()
    {
        var b = Binding("echo '{}'", cpu: 0.5, memory: 2);

        Assert.IsType<TaskResult.Success>(await Runner().RunAsync(b, Context("c-1/s/2"), default));

        var put = Assert.Single(Calls("PUT"));
        var name = ContainerGroup.Name("c-1/s/2");
        Assert.Equal($"/subscriptions/{Subscription}/resourceGroups/rg-tasks/providers/Microsoft.ContainerInstance/containerGroups/{name}", put.Path);
        Assert.All(_arm.Requests, r => Assert.Contains("api-version=2023-05-01", r.Query, StringComparison.Ordinal));
        var body = put.Body!;
        Assert.Equal("westeurope", (string?)body["location"]);
        Assert.Equal(("Linux", "Never"), ((string?)body["properties"]!["osType"], (string?)body["properties"]!["restartPolicy"]));
        Assert.Equal(("c-1", "s", "1"), ((string?)body["tags"]!["baton-instance"], (string?)body["tags"]!["baton-step"], (string?)body["tags"]!["baton-attempt"]));
        var container = body["properties"]!["containers"]!.AsArray().Single()!;
        Assert.Equal(("task", PodmanEngine.Image), ((string?)container["name"], (string?)container["properties"]!["image"]));
        Assert.Equal((0.5, 2.0), (container["properties"]!["resources"]!["requests"]!["cpu"]!.GetValue<double>(), container["properties"]!["resources"]!["requests"]!["memoryInGB"]!.GetValue<double>()));
        Assert.Equal(["sh", "-c", "echo '{}'"], container["properties"]!["command"]!.AsArray().Select(a => (string?)a));
        var env = container["properties"]!["environmentVariables"]!.AsArray().ToDictionary(v => (string)v!["name"]!, v => v!.AsObject());
        Assert.Equal("c-1/s/2", (string?)env["BATON_IDEMPOTENCY_KEY"]["value"]);
        Assert.Null(env["BATON_INPUT"]["value"]);
        Assert.Equal("""{"city":"Oslo"}""", (string?)env["BATON_INPUT"]["secureValue"]);
        Assert.Equal("OSLO", (string?)env["TAG"]["secureValue"]);
        Assert.Equal(("baton-input", "/baton", true), ((string?)container["properties"]!["volumeMounts"]![0]!["name"], (string?)container["properties"]!["volumeMounts"]![0]!["mountPath"], container["properties"]!["volumeMounts"]![0]!["readOnly"]!.GetValue<bool>()));
        Assert.Equal(Convert.ToBase64String("""{"city":"Oslo"}"""u8.ToArray()), (string?)body["properties"]!["volumes"]![0]!["secret"]!["input.json"]);
        Assert.Contains(_arm.Requests, r => r.Method == "GET" && r.Path.EndsWith($"/{name}/containers/task/logs", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunAsync_RedeliveryAfterACrash_FindsTheFirstGroupAndRunsNothingTwice()
    {
        var b = Binding("""sleep 1; echo '{"ran":true}'""");
        // The first delivery creates the group, then its host "dies": every later call fails.
        var crashing = new CrashAfterCreate(_arm.Transport);
        await Assert.ThrowsAsync<HostDiedException>(() => Runner(transport: crashing).RunAsync(b, Context("c-1/s/3"), default));
        Assert.Single(_arm.Groups);

        var ok = Assert.IsType<TaskResult.Success>(await Runner().RunAsync(b, Context("c-1/s/3"), default));

        Assert.Equal("""{"ran":true}""", ok.Output!.ToJsonString());
        Assert.Single(Calls("PUT"));
        Assert.Equal(1, _arm.ContainersStarted);
        Assert.Empty(_arm.Groups);
    }

    [Fact]
    public async Task RunAsync_Cancelled_DeletesTheGroupAndItsContainer()
    {
        using var cts = new CancellationTokenSource();
        var run = Runner().RunAsync(Binding("sleep 60"), Context("c-1/s/4"), cts.Token);
        while (_arm.Groups.Count == 0)
        {
            await Task.Delay(50);
        }
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);

        Assert.Empty(_arm.Groups);
        Assert.Single(Calls("DELETE"));
    }

    [Fact]
    public async Task RunAsync_GroupThatNeverEnds_TimesOutAndIsDeleted()
    {
        var executor = new TaskExecutor(new FunctionRegistry(), [Runner()], TimeProvider.System);
        var catalog = new TaskCatalog(ImmutableDictionary<string, TaskBinding>.Empty.Add("t", Binding("sleep 600")), ".");

        var f = Assert.IsType<TaskResult.Failure>(await executor.RunAsync(catalog, Context("c-1/s/12"), TimeSpan.FromSeconds(2), default));

        Assert.Equal("TimedOut", f.Error.Code);
        Assert.Empty(_arm.Groups);
        Assert.Single(Calls("DELETE"));
    }

    [Fact]
    public async Task RunAsync_Throttled_RetriesAfterTheServersRetryAfter()
    {
        _arm.Throttle("PUT", times: 1, retryAfterSeconds: 2);

        Assert.IsType<TaskResult.Success>(await Runner().RunAsync(Binding("echo '{}'"), Context("c-1/s/5"), default));

        var puts = Calls("PUT").ToList();
        Assert.Equal(2, puts.Count);
        Assert.True(puts[1].At - puts[0].At >= TimeSpan.FromSeconds(1.9), $"The retry came {(puts[1].At - puts[0].At).TotalSeconds:0.00} s after the 429.");
    }

    [Fact]
    public async Task RunAsync_ConcurrentDeliveryConflict_WaitsForTheGroupThatExists()
    {
        var b = Binding("""echo '{"n":1}'""");
        var crashing = new CrashAfterCreate(_arm.Transport);
        await Assert.ThrowsAsync<HostDiedException>(() => Runner(transport: crashing).RunAsync(b, Context("c-1/s/6"), default));
        _arm.Conflict("PUT", "Conflict");

        var ok = Assert.IsType<TaskResult.Success>(await Runner().RunAsync(b, Context("c-1/s/6"), default));

        Assert.Equal("""{"n":1}""", ok.Output!.ToJsonString());
        Assert.Equal(1, _arm.ContainersStarted);
    }

    [Fact]
    public async Task RunAsync_ImageNotAccessible_FailsForGoodAndLeavesNoGroup()
    {
        var f = Assert.IsType<TaskResult.Failure>(await Runner().RunAsync(Binding("true", image: "localhost/no-such-image:9"), Context("c-1/s/7"), default));

        Assert.Equal("ContainerGroupRefused", f.Error.Code);
        Assert.Contains("InaccessibleImage", f.Error.Message, StringComparison.Ordinal);
        Assert.False(f.Retryable);
        Assert.Empty(_arm.Groups);
    }

    [Fact]
    public async Task RunAsync_QuotaReached_FailsForGoodNamingIt()
    {
        _arm.Conflict("PUT", "ContainerGroupQuotaReached");

        var f = Assert.IsType<TaskResult.Failure>(await Runner().RunAsync(Binding("true"), Context("c-1/s/8"), default));

        Assert.Equal("QuotaExceeded", f.Error.Code);
        Assert.False(f.Retryable);
        Assert.Empty(_arm.Groups);
    }

    [Fact]
    public async Task RunAsync_NonZeroExit_FailsWithTheLogTail()
    {
        var f = Assert.IsType<TaskResult.Failure>(await Runner().RunAsync(Binding("echo disk full; exit 3"), Context("c-1/s/9"), default));

        Assert.Equal("ContainerFailed", f.Error.Code);
        Assert.Contains("exited with code 3", f.Error.Message, StringComparison.Ordinal);
        Assert.Contains("disk full", f.Error.Message, StringComparison.Ordinal);
        Assert.Empty(_arm.Groups);
    }

    [Fact]
    public async Task RunAsync_MissingResourceGroupSetting_FailsNamingIt()
    {
        var f = Assert.IsType<TaskResult.Failure>(await Runner(without: AciSettings.ResourceGroupSetting).RunAsync(Binding("true"), Context("c-1/s/10"), default));

        Assert.Equal("MissingSetting", f.Error.Code);
        Assert.Contains(AciSettings.ResourceGroupSetting, f.Error.Message, StringComparison.Ordinal);
        Assert.Empty(_arm.Requests);
    }

    [Fact]
    public async Task RunAsync_LargeInputWithADataContainer_TravelsThroughBlobsBothWays()
    {
        var data = new BlobContainerClient(await Azurite.ConnectionStringAsync(), "aci-" + Guid.NewGuid().ToString("n")[..12]);
        var big = new JsonObject { ["blob"] = new string('x', 300_000) };
        // busybox has no HTTP PUT client, so the container speaks HTTP to Blob storage with nc ($${ is a literal ${ in a template).
        var b = Binding("""
            n=$(wget -qO- "$BATON_INPUT_URL" | wc -c)
            out="{\"bytes\":$n,\"file\":$([ -f "$BATON_INPUT_FILE" ] && echo true || echo false)}"
            u=$${BATON_OUTPUT_URL#http://}; hp=$${u%%/*}; p=/$${u#*/}
            printf 'PUT %s HTTP/1.1\r\nHost: %s\r\nx-ms-blob-type: BlockBlob\r\nContent-Length: %s\r\nConnection: close\r\n\r\n%s' "$p" "$hp" "$${#out}" "$out" | nc "$${hp%:*}" "$${hp#*:}" > /dev/null
            echo 'not the output'
            """);

        var ok = Assert.IsType<TaskResult.Success>(await Runner(data).RunAsync(b, Context("c-1/s/11", big), default));

        Assert.Equal(big.ToJsonString().Length, ok.Output!["bytes"]!.GetValue<int>());
        Assert.False(ok.Output["file"]!.GetValue<bool>());
        var put = Assert.Single(Calls("PUT"));
        var env = put.Body!["properties"]!["containers"]![0]!["properties"]!["environmentVariables"]!.AsArray();
        Assert.DoesNotContain(env, v => (string?)v!["name"] == "BATON_INPUT");
        Assert.DoesNotContain(env, v => (string?)v!["name"] == "BATON_INPUT_FILE");
        Assert.Contains(env, v => (string?)v!["name"] == "BATON_INPUT_URL" && v["secureValue"] is not null && v["value"] is null);
        Assert.Empty(data.GetBlobs().ToList());
    }

    /// <summary>Thrown where the host would have died; nothing in the runner catches it, as nothing runs after a SIGKILL.</summary>
    private sealed class HostDiedException : Exception;

    /// <summary>A transport that lets the first create through and then fails every call, as a host that dies after creating its group.</summary>
    private sealed class CrashAfterCreate(HttpPipelineTransport inner) : HttpPipelineTransport
    {
        private bool _created;

        public override Request CreateRequest() => inner.CreateRequest();

        public override void Process(HttpMessage message) => throw new NotSupportedException();

        public override async ValueTask ProcessAsync(HttpMessage message)
        {
            if (_created)
            {
                throw new HostDiedException();
            }
            await inner.ProcessAsync(message);
            _created |= message.Request.Method == RequestMethod.Put;
        }
    }
}
