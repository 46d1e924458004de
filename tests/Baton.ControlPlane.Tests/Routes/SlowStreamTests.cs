using System.Text.Json.Nodes;

using Baton.Hosts.Testing;

namespace Baton.ControlPlane.Tests.Routes;

/// <summary>A stream client that cannot keep up still ends up with every step's final status.</summary>
public sealed class SlowStreamTests : IAsyncLifetime
{
    private const int Width = 60;
    private ServeServer _host = null!;

    public async Task InitializeAsync()
    {
        // A queue of one change per client: nearly every burst of changes overflows it.
        _host = await ServeServer.StartAsync(new ApiServerOptions { StreamBuffer = 1 });
        var branches = string.Concat(Enumerable.Range(0, Width).Select(i => $"    - {{ id: b{i}, task: echo, depends_on: [go], input: {i} }}\n"));
        await _host.UploadAsync(ApiServer.Workflow("burst", $"  steps:\n    - {{ id: go, type: event, event: go }}\n{branches}"));
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task InstanceStream_ClientFallsBehind_StillGetsEveryStepsFinalStatus()
    {
        await _host.JsonAsync(HttpMethod.Post, "/api/workflows/burst/instances?instanceId=burst-1", expect: 202);
        using var stream = await _host.OpenStreamAsync("/api/instances/burst-1/stream");
        var reader = stream.Reader;
        Assert.Equal("status", (await EventStream.ReadEventAsync(reader)).Name);

        await _host.JsonAsync(HttpMethod.Post, "/api/instances/burst-1/events/go", body: "{}", expect: 202);
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        var snapshots = 0;
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!cts.IsCancellationRequested)
        {
            var (name, data) = await EventStream.ReadEventAsync(reader);
            var json = JsonNode.Parse(data)!;
            if (name == "step")
            {
                seen[json["step"]!["id"]!.GetValue<string>()] = json["step"]!["status"]!.GetValue<string>();
            }
            else if (json["steps"] is JsonArray steps)
            {
                snapshots++;
                foreach (var s in steps)
                {
                    seen[s!["id"]!.GetValue<string>()] = s["status"]!.GetValue<string>();
                }
            }
            if (name == "status" && json["runtimeStatus"]?.GetValue<string>() == "Completed")
            {
                break;
            }
        }

        Assert.Equal(Width + 1, seen.Count);
        Assert.All(seen, p => Assert.True(p.Value == "succeeded", $"{p.Key} was last reported {p.Value} ({snapshots} snapshots)"));
    }

    [Fact]
    public async Task HubStream_ClientFallsBehind_IsToldHowManyChangesItMissed()
    {
        using var stream = await _host.OpenStreamAsync("/api/stream");
        var reader = stream.Reader;
        Assert.Equal("connected", (await EventStream.ReadEventAsync(reader)).Name);

        await _host.JsonAsync(HttpMethod.Post, "/api/workflows/burst/instances?instanceId=burst-2", expect: 202);
        await _host.JsonAsync(HttpMethod.Post, "/api/instances/burst-2/events/go", body: "{}", expect: 202);
        for (var i = 0; i < 300 && (await _host.JsonAsync(HttpMethod.Get, "/api/instances/burst-2"))["runtimeStatus"]!.GetValue<string>() != "Completed"; i++)
        {
            await Task.Delay(100);
        }
        var history = await _host.JsonAsync(HttpMethod.Get, "/api/instances/burst-2/history?top=1000");

        long received = 0, missed = 0;
        while (true)
        {
            using var idle = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            (string Name, string Data) e;
            try
            {
                e = await EventStream.ReadEventAsync(reader).WaitAsync(idle.Token);
            }
            catch (OperationCanceledException)
            {
                break;
            }
            var json = JsonNode.Parse(e.Data)!;
            if (e.Name == "lagged")
            {
                missed += json["missed"]!.GetValue<long>();
            }
            else if (json["instanceId"]?.GetValue<string>() == "burst-2")
            {
                received++;
            }
        }

        Assert.Equal(history["events"]!.AsArray().Count, received + missed);
    }
}
