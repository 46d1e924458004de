using Baton.Hosts.Testing;

namespace Baton.ControlPlane.Tests.Routes;

public abstract class StreamTests : ApiSuite
{
    protected override async Task SetUpAsync()
    {
        await Server.UploadAsync(ApiServer.Workflow("gate", """
              steps:
                - { id: open, type: event, event: open }
                - { id: after, task: echo, depends_on: [open], input: { v: 1 } }
            """));
    }

    [Fact]
    public async Task InstanceStream_ReportsStepsLiveAndEndsWithFinalStatus()
    {
        await Server.JsonAsync(HttpMethod.Post, "/api/workflows/gate/instances?instanceId=sse-1", expect: 202);
        await Server.WaitForAsync("sse-1", "Running");
        using var stream = await Server.OpenStreamAsync("/api/instances/sse-1/stream");
        var reader = stream.Reader;
        var first = await EventStream.ReadEventAsync(reader);
        Assert.Equal("status", first.Name);
        Assert.Contains("\"runtimeStatus\":\"Running\"", first.Data, StringComparison.Ordinal);
        await Server.JsonAsync(HttpMethod.Post, "/api/instances/sse-1/events/open", body: "{}", expect: 202);
        var events = new List<(string Name, string Data)>();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (!cts.IsCancellationRequested)
        {
            var e = await EventStream.ReadEventAsync(reader);
            events.Add(e);
            if (e.Name == "status" && e.Data.Contains("\"runtimeStatus\":\"Completed\"", StringComparison.Ordinal))
            {
                break;
            }
        }
        Assert.Contains(events, e => e.Name == "step" && e.Data.Contains("\"id\":\"open\",\"status\":\"succeeded\"", StringComparison.Ordinal));
        Assert.Contains(events, e => e.Name == "step" && e.Data.Contains("\"id\":\"after\",\"status\":\"succeeded\"", StringComparison.Ordinal));
        Assert.Null(await reader.ReadLineAsync());
    }

    [Fact]
    public async Task HubStream_ReportsChangesOfEveryInstance()
    {
        using var stream = await Server.OpenStreamAsync("/api/stream");
        var reader = stream.Reader;
        Assert.Equal("connected", (await EventStream.ReadEventAsync(reader)).Name);
        await Server.JsonAsync(HttpMethod.Post, "/api/workflows/gate/instances?instanceId=hub-a", expect: 202);
        await Server.JsonAsync(HttpMethod.Post, "/api/workflows/gate/instances?instanceId=hub-b", expect: 202);
        var seen = new HashSet<string>();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (seen.Count < 2 && !cts.IsCancellationRequested)
        {
            var e = await EventStream.ReadEventAsync(reader);
            Assert.Equal("instance", e.Name);
            seen.Add(System.Text.Json.Nodes.JsonNode.Parse(e.Data)!["instanceId"]!.GetValue<string>());
        }
        Assert.Equal(["hub-a", "hub-b"], seen.Order(StringComparer.Ordinal));
    }

    /// <summary>The suite on <c>baton serve</c> (the embedded hub).</summary>
    public sealed class OnServe : StreamTests
    {
        protected override ApiHostKind Kind => ApiHostKind.Serve;
    }

    /// <summary>The suite on the function app (the Durable backend).</summary>
    public sealed class OnFunctionApp : StreamTests
    {
        protected override ApiHostKind Kind => ApiHostKind.FunctionApp;
    }
}
