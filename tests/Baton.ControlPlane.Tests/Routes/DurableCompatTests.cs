using System.Net;
using System.Text.Json.Nodes;

using Baton.Hosts.Testing;

namespace Baton.ControlPlane.Tests.Routes;

/// <summary>The Durable Functions HTTP API routes answer with its documented shapes and status codes.</summary>
public sealed class DurableCompatTests : IAsyncLifetime
{
    private const string Base = "/runtime/webhooks/durabletask";
    private ServeServer _host = null!;

    public async Task InitializeAsync()
    {
        _host = await ServeServer.StartAsync(new ApiServerOptions());
        await _host.UploadAsync(ApiServer.Workflow("Approval", """
              steps:
                - { id: wait, type: event, event: Approved }
                - { id: done, task: echo, depends_on: [wait], input: "${steps.wait.output}" }
              output:
                mapping: "${steps.done.output}"
            """));
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Orchestrator_StartStatusRaiseEventPurge_FollowDurableFunctionsShapes()
    {
        using var start = await _host.SendAsync(HttpMethod.Post, $"{Base}/orchestrators/Approval/df-1", body: """{"order":7}""");
        Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        var payload = JsonNode.Parse(await start.Content.ReadAsStringAsync())!;
        Assert.Equal("df-1", payload["id"]!.GetValue<string>());
        Assert.EndsWith($"{Base}/instances/df-1/raiseEvent/{{eventName}}?code={ApiServer.FunctionKey}", payload["sendEventPostUri"]!.GetValue<string>(), StringComparison.Ordinal);

        using var running = await _host.SendAsync(HttpMethod.Get, $"{Base}/instances/df-1");
        Assert.Equal(HttpStatusCode.Accepted, running.StatusCode);
        var status = JsonNode.Parse(await running.Content.ReadAsStringAsync())!;
        Assert.Equal(("Approval", "df-1", "Running"), (status["name"]!.GetValue<string>(), status["instanceId"]!.GetValue<string>(), status["runtimeStatus"]!.GetValue<string>()));
        Assert.Equal("""{"order":7}""", status["input"]!.ToJsonString());
        Assert.NotNull(status["createdTime"]);
        Assert.NotNull(status["lastUpdatedTime"]);

        using var raised = await _host.SendAsync(HttpMethod.Post, $"{Base}/instances/df-1/raiseEvent/Approved", body: """{"by":"df"}""");
        Assert.Equal(HttpStatusCode.Accepted, raised.StatusCode);
        JsonNode done = null!;
        for (var i = 0; i < 200; i++)
        {
            using var poll = await _host.SendAsync(HttpMethod.Get, $"{Base}/instances/df-1?showHistory=true");
            if (poll.StatusCode == HttpStatusCode.OK)
            {
                done = JsonNode.Parse(await poll.Content.ReadAsStringAsync())!;
                break;
            }
            await Task.Delay(50);
        }
        Assert.Equal("Completed", done["runtimeStatus"]!.GetValue<string>());
        Assert.Equal("""{"by":"df"}""", done["output"]!.ToJsonString());
        Assert.Equal("InstanceStarted", done["historyEvents"]![0]!["type"]!.GetValue<string>());

        using var late = await _host.SendAsync(HttpMethod.Post, $"{Base}/instances/df-1/terminate?reason=late");
        Assert.Equal(HttpStatusCode.Gone, late.StatusCode);
        var purged = await _host.JsonAsync(HttpMethod.Delete, $"{Base}/instances/df-1", ApiServer.AdminKey, expect: 200);
        Assert.Equal(1, purged["instancesDeleted"]!.GetValue<int>());
        Assert.Equal(HttpStatusCode.NotFound, (await _host.SendAsync(HttpMethod.Get, $"{Base}/instances/df-1")).StatusCode);
    }

    [Fact]
    public async Task Instances_ListWithContinuationHeader_AndPurgeByFilter()
    {
        for (var i = 0; i < 3; i++)
        {
            await _host.JsonAsync(HttpMethod.Post, $"{Base}/orchestrators/Approval/list-{i}", expect: 202);
            using var terminated = await _host.SendAsync(HttpMethod.Post, $"{Base}/instances/list-{i}/terminate?reason=cleanup");
            Assert.Equal(HttpStatusCode.Accepted, terminated.StatusCode);
        }
        var ids = new List<string>();
        string? token = null;
        do
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"{Base}/instances?top=2&runtimeStatus=Terminated,Running");
            request.Headers.Add("x-functions-key", ApiServer.FunctionKey);
            if (token is not null)
            {
                request.Headers.Add("x-ms-continuation-token", token);
            }
            using var response = await _host.Client.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            ids.AddRange(JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsArray().Select(x => x!["instanceId"]!.GetValue<string>()));
            token = response.Headers.TryGetValues("x-ms-continuation-token", out var v) ? v.FirstOrDefault() : null;
        }
        while (!string.IsNullOrEmpty(token));
        Assert.Equal(3, ids.Count(i => i.StartsWith("list-", StringComparison.Ordinal)));
        for (var i = 0; i < 200 && (await _host.JsonAsync(HttpMethod.Get, $"{Base}/instances/list-2"))["runtimeStatus"]!.GetValue<string>() != "Terminated"; i++)
        {
            await Task.Delay(50);
        }
        var purged = await _host.JsonAsync(HttpMethod.Delete, $"{Base}/instances?runtimeStatus=Terminated", ApiServer.AdminKey, expect: 200);
        Assert.True(purged["instancesDeleted"]!.GetValue<int>() >= 3);
        await _host.JsonAsync(HttpMethod.Delete, $"{Base}/instances?runtimeStatus=Terminated", ApiServer.AdminKey, expect: 404);
    }

    [Fact]
    public async Task FailedInstance_WithReturnInternalServerErrorOnFailure_Is500()
    {
        await _host.UploadAsync(ApiServer.Workflow("Broken", "  steps:\n    - { id: x, type: fail, message: boom }\n"));
        await _host.JsonAsync(HttpMethod.Post, $"{Base}/orchestrators/Broken/broken-1", expect: 202);
        for (var i = 0; i < 100 && (await _host.SendAsync(HttpMethod.Get, $"{Base}/instances/broken-1")).StatusCode != HttpStatusCode.OK; i++)
        {
            await Task.Delay(50);
        }
        using var plain = await _host.SendAsync(HttpMethod.Get, $"{Base}/instances/broken-1");
        Assert.Equal(HttpStatusCode.OK, plain.StatusCode);
        using var strict = await _host.SendAsync(HttpMethod.Get, $"{Base}/instances/broken-1?returnInternalServerErrorOnFailure=true");
        Assert.Equal(HttpStatusCode.InternalServerError, strict.StatusCode);
        Assert.Equal("Failed", JsonNode.Parse(await strict.Content.ReadAsStringAsync())!["runtimeStatus"]!.GetValue<string>());
    }
}
