using System.Net;
using System.Text.Json.Nodes;
using Baton.Runtime.Runners;

using Baton.Hosts.Testing;
using Baton.Abstractions;

namespace Baton.ControlPlane.Tests.Routes;

public abstract class InstanceApiTests : ApiSuite
{
    private int _flakyCalls;

    protected override ApiServerOptions Options => new()
    {
        Functions = FunctionRegistry.WithBuiltIns(TimeProvider.System)
            .Register("flaky-once", _ => Interlocked.Increment(ref _flakyCalls) == 1 ? throw new NonRetryableTaskException("first call fails") : new JsonObject { ["ok"] = true }),
        MaxBody = 64 * 1024,
    };

    protected override async Task SetUpAsync()
    {
        await Server.UploadAsync(ApiServer.Workflow("greet", """
              input:
                schema: { type: object, properties: { name: { type: string, minLength: 1 } }, required: [name] }
              steps:
                - { id: hello, task: echo, input: { text: "Hello, ${input.name}" } }
              output:
                mapping: { text: "${steps.hello.output.text}" }
            """));
        await Server.UploadAsync(ApiServer.Workflow("approval", """
              steps:
                - { id: wait, type: event, event: approved }
                - { id: done, task: echo, depends_on: [wait], input: { by: "${steps.wait.output.by}" } }
            """));
        await Server.UploadAsync(ApiServer.Workflow("fragile", "  steps:\n    - { id: f, task: flaky-once }\n"));
    }

    [Theory]
    [InlineData("..%2F..%2Fetc%2Fpasswd")]
    [InlineData("a%2Fb")]
    [InlineData("%00bad")]
    [InlineData("line%0Abreak")]
    [InlineData("%20")]
    [InlineData("-leading-dash")]
    [InlineData("x{5000}")]
    public async Task Start_InvalidInstanceId_Is400AndStoresNothing(string id)
    {
        var escaped = id == "x{5000}" ? new string('x', 5000) : id;
        foreach (var route in new[] { $"/api/workflows/greet/instances?instanceId={escaped}", $"/runtime/webhooks/durabletask/orchestrators/greet/{escaped}" }.Where(Server.Serves))
        {
            using var response = await Server.SendAsync(HttpMethod.Post, route, body: """{"name":"x"}""");
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == System.Net.HttpStatusCode.BadRequest, $"{route}: {(int)response.StatusCode} {text}");
            if (!(route.Contains("%00", StringComparison.Ordinal) && route.Contains("/orchestrators/", StringComparison.Ordinal)))
            {
                // (Kestrel itself refuses a NUL in a path, with a bare 400, before any route runs.)
                Assert.Contains("invalid-instance-id", text, StringComparison.Ordinal);
            }
        }
        var listed = await Server.JsonAsync(HttpMethod.Get, "/api/instances?top=1000");
        Assert.DoesNotContain("passwd", listed.ToJsonString(), StringComparison.Ordinal);
        Assert.DoesNotContain(new string('x', 200), listed.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UploadCatalog_NameWithPathCharacters_IsRefused()
    {
        using var response = await Server.SendAsync(HttpMethod.Post, "/api/catalogs", ApiServer.AdminKey,
            "apiVersion: baton.dev/v1\nkind: Catalog\nmetadata: { name: ../../evil }\ntasks: {}\n");
        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("BTN017", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_Async_Returns202WithCheckStatusPayloadAndLocation()
    {
        using var response = await Server.SendAsync(HttpMethod.Post, "/api/workflows/approval/instances?instanceId=a1", body: "null");
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var payload = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("a1", payload["id"]!.GetValue<string>());
        foreach (var uri in new[] { "statusQueryGetUri", "sendEventPostUri", "terminatePostUri", "purgeHistoryDeleteUri", "rewindPostUri", "suspendPostUri", "resumePostUri" })
        {
            Assert.StartsWith(Server.Client.BaseAddress!.ToString().TrimEnd('/') + "/runtime/webhooks/durabletask/instances/a1", payload[uri]!.GetValue<string>(), StringComparison.Ordinal);
        }
        Assert.Equal(payload["statusQueryGetUri"]!.GetValue<string>(), response.Headers.Location!.ToString());
        if (Server.Kind == ApiHostKind.Serve)
        {
            // (The Functions host writes its own system key there, which the stand-in host does not have.)
            Assert.Contains($"code={ApiServer.FunctionKey}", payload["statusQueryGetUri"]!.GetValue<string>(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Start_WithWait_ReturnsTheResult()
    {
        var status = await Server.JsonAsync(HttpMethod.Post, "/api/workflows/greet/instances?wait=20", body: """{"name":"Ada"}""", expect: 200);
        Assert.Equal("Completed", status["runtimeStatus"]!.GetValue<string>());
        Assert.Equal("""{"text":"Hello, Ada"}""", status["output"]!.ToJsonString());
    }

    [Fact]
    public async Task Start_SameIdTwice_IsConflictAndDoesNotRunAgain()
    {
        await Server.JsonAsync(HttpMethod.Post, "/api/workflows/greet/instances?instanceId=once&wait=20", body: """{"name":"Ada"}""", expect: 200);
        var problem = await Server.JsonAsync(HttpMethod.Post, "/api/workflows/greet/instances?instanceId=once", body: """{"name":"Bob"}""", expect: 409);
        Assert.Equal("https://baton.dev/problems/instance-exists", problem["type"]!.GetValue<string>());
        var status = await Server.JsonAsync(HttpMethod.Get, "/api/instances/once", expect: 200);
        Assert.Equal("""{"name":"Ada"}""", status["input"]!.ToJsonString());
    }

    [Fact]
    public async Task Start_BadInputs_AreProblemsAndStoreNothing()
    {
        var schema = await Server.JsonAsync(HttpMethod.Post, "/api/workflows/greet/instances?instanceId=bad1", body: """{"name":""}""", expect: 400);
        Assert.Equal("https://baton.dev/problems/invalid-input", schema["type"]!.GetValue<string>());
        Assert.Contains("/name", schema["errors"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        var json = await Server.JsonAsync(HttpMethod.Post, "/api/workflows/greet/instances?instanceId=bad2", body: "{not json", expect: 400);
        Assert.Equal("https://baton.dev/problems/invalid-json", json["type"]!.GetValue<string>());
        var unknown = await Server.JsonAsync(HttpMethod.Post, "/api/workflows/nope/instances", body: "{}", expect: 404);
        Assert.Equal("https://baton.dev/problems/workflow-not-found", unknown["type"]!.GetValue<string>());
        using var big = await Server.SendAsync(HttpMethod.Post, "/api/workflows/greet/instances?instanceId=bad3", body: $$"""{"name":"{{new string('x', 100_000)}}"}""");
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, big.StatusCode);
        foreach (var id in new[] { "bad1", "bad2", "bad3" })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await Server.SendAsync(HttpMethod.Get, $"/api/instances/{id}")).StatusCode);
        }
    }

    [Fact]
    public async Task RaiseEvent_CompletesTheWaitingStep()
    {
        await Server.JsonAsync(HttpMethod.Post, "/api/workflows/approval/instances?instanceId=ev1", expect: 202);
        await Server.JsonAsync(HttpMethod.Post, "/api/instances/ev1/events/approved", body: """{"by":"ops"}""", expect: 202);
        var final = await Server.WaitForAsync("ev1", "Completed");
        Assert.Equal("""{"done":{"by":"ops"}}""", final["output"]!.ToJsonString());
    }

    [Theory]
    [InlineData("/api/instances/{0}/events/baton.task-report:wait:1")]
    [InlineData("/runtime/webhooks/durabletask/instances/{0}/raiseEvent/baton.task-report:wait:1")]
    [InlineData("/api/instances/{0}/events/Baton.anything")]
    public async Task RaiseEvent_ReservedName_Is403AndChangesNothing(string route)
    {
        var id = "reserved-" + Math.Abs(route.GetHashCode(StringComparison.Ordinal));
        await Server.JsonAsync(HttpMethod.Post, $"/api/workflows/approval/instances?instanceId={id}", expect: 202);
        await Server.WaitForAsync(id, "Running");
        var forged = """{"Phase":"finished","Result":{"Kind":"ok","Output":{"by":"forger"}}}""";
        var path = string.Format(System.Globalization.CultureInfo.InvariantCulture, route, id);
        if (Server.Serves(path))
        {
            var problem = await Server.JsonAsync(HttpMethod.Post, path, body: forged, expect: 403);
            Assert.Equal("https://baton.dev/problems/reserved-event-name", problem["type"]!.GetValue<string>());
        }
        else
        {
            // In the function app that prefix is the Durable extension's, behind the system key; no Baton function answers it.
            using var response = await Server.SendAsync(HttpMethod.Post, path, body: forged);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }
        Assert.Equal("Running", (await Server.JsonAsync(HttpMethod.Get, $"/api/instances/{id}", expect: 200))["runtimeStatus"]!.GetValue<string>());
        await Server.JsonAsync(HttpMethod.Post, $"/api/instances/{id}/events/approved", body: """{"by":"ops"}""", expect: 202);
        Assert.Equal("""{"done":{"by":"ops"}}""", (await Server.WaitForAsync(id, "Completed"))["output"]!.ToJsonString());
    }

    [Fact]
    public async Task RaiseEventAndStart_DataHoldingADataReference_Are400AndChangeNothing()
    {
        const string forged = """{"by":{"$baton.ref":"instances/other/values/0.json","sha256":"00","bytes":40000,"kind":"string"}}""";
        await Server.JsonAsync(HttpMethod.Post, "/api/workflows/approval/instances?instanceId=refs-ev", expect: 202);
        await Server.WaitForAsync("refs-ev", "Running");
        var problem = await Server.JsonAsync(HttpMethod.Post, "/api/instances/refs-ev/events/approved", body: forged, expect: 400);
        Assert.Equal("https://baton.dev/problems/invalid-input", problem["type"]!.GetValue<string>());
        Assert.Equal("Running", (await Server.JsonAsync(HttpMethod.Get, "/api/instances/refs-ev", expect: 200))["runtimeStatus"]!.GetValue<string>());
        await Server.JsonAsync(HttpMethod.Post, "/api/workflows/greet/instances?instanceId=refs-start", body: """{"name":{"$baton.ref":"x","sha256":"00"}}""", expect: 400);
        Assert.Equal(HttpStatusCode.NotFound, (await Server.SendAsync(HttpMethod.Get, "/api/instances/refs-start")).StatusCode);
    }

    [Fact]
    public async Task Status_AfterContinueAsNew_ShowsTheRunsInputGenerationAndAttemptsWithinTheRun()
    {
        await Server.UploadAsync(ApiServer.Workflow("restarts", """
              steps:
                - { id: a, task: echo, input: { n: "${coalesce(input.n, 0)}" } }
                - id: again
                  type: continue_as_new
                  depends_on: [a]
                  condition: ${coalesce(input.n, 0) < 3}
                  input: { n: "${coalesce(input.n, 0) + 1}" }
            """));

        var done = await Server.JsonAsync(HttpMethod.Post, "/api/workflows/restarts/instances?instanceId=restarts-1&wait=20", expect: 200);

        Assert.True(done["input"]?.ToJsonString() == """{"n":3}""" && done["generation"]?.GetValue<int>() == 3, done.ToJsonString());
        Assert.Equal(1, done["steps"]!.AsArray().Single(s => s!["id"]!.GetValue<string>() == "a")!["attempts"]!.GetValue<int>());
    }

    [Fact]
    public async Task TerminateCompletedInstance_Is409AndChangesNothing()
    {
        await Server.JsonAsync(HttpMethod.Post, "/api/workflows/greet/instances?instanceId=t1&wait=20", body: """{"name":"Ada"}""", expect: 200);
        var problem = await Server.JsonAsync(HttpMethod.Post, "/api/instances/t1/terminate?reason=late", expect: 409);
        Assert.Equal("https://baton.dev/problems/illegal-transition", problem["type"]!.GetValue<string>());
        Assert.Equal("Completed", (await Server.JsonAsync(HttpMethod.Get, "/api/instances/t1", expect: 200))["runtimeStatus"]!.GetValue<string>());
    }

    [Fact]
    public async Task SuspendResumeTerminate_FollowTheInstance()
    {
        await Server.JsonAsync(HttpMethod.Post, "/api/workflows/approval/instances?instanceId=s1", expect: 202);
        await Server.WaitForAsync("s1", "Running");
        await Server.JsonAsync(HttpMethod.Post, "/api/instances/s1/suspend?reason=maintenance", expect: 202);
        await Server.WaitForAsync("s1", "Suspended");
        await Server.JsonAsync(HttpMethod.Post, "/api/instances/s1/suspend", expect: 409);
        await Server.JsonAsync(HttpMethod.Post, "/api/instances/s1/resume", expect: 202);
        await Server.JsonAsync(HttpMethod.Post, "/api/instances/s1/terminate?reason=enough", expect: 202);
        var final = await Server.WaitForAsync("s1", "Terminated");
        Assert.Equal("enough", final["error"]!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Rewind_FailedInstance_RunsTheFailedStepAgain()
    {
        var failed = await Server.JsonAsync(HttpMethod.Post, "/api/workflows/fragile/instances?instanceId=r1&wait=20", expect: 200);
        Assert.Equal("Failed", failed["runtimeStatus"]!.GetValue<string>());
        await Server.JsonAsync(HttpMethod.Post, "/api/instances/r1/rewind?reason=fixed", expect: 202);
        var final = await Server.WaitForAsync("r1", "Completed");
        Assert.Equal("""{"f":{"ok":true}}""", final["output"]!.ToJsonString());
    }

    [Fact]
    public async Task HistoryAndPurge_WorkAsDocumented()
    {
        await Server.JsonAsync(HttpMethod.Post, "/api/workflows/greet/instances?instanceId=h1&wait=20", body: """{"name":"Ada"}""", expect: 200);
        await ExpectHistoryPagesAsync();
        await Server.JsonAsync(HttpMethod.Delete, "/api/instances/h1", ApiServer.AdminKey, expect: 200);
        Assert.Equal(HttpStatusCode.NotFound, (await Server.SendAsync(HttpMethod.Get, "/api/instances/h1")).StatusCode);
        await Server.JsonAsync(HttpMethod.Post, "/api/workflows/approval/instances?instanceId=live", expect: 202);
        await Server.JsonAsync(HttpMethod.Delete, "/api/instances/live", ApiServer.AdminKey, expect: 409);
    }

    private async Task ExpectHistoryPagesAsync()
    {
        var page = await Server.JsonAsync(HttpMethod.Get, "/api/instances/h1/history?from=0&top=1", expect: 200);
        Assert.Equal("InstanceStarted", page["events"]![0]!["type"]!.GetValue<string>());
        Assert.Equal(1, page["next"]!.GetValue<int>());
        var rest = await Server.JsonAsync(HttpMethod.Get, "/api/instances/h1/history?from=1", expect: 200);
        Assert.Equal("TaskCompleted", rest["events"]![0]!["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task List_WithContinuationTokens_PagesThroughEverything()
    {
        for (var i = 0; i < 5; i++)
        {
            await Server.JsonAsync(HttpMethod.Post, $"/api/workflows/greet/instances?instanceId=page-{i}&wait=20", body: """{"name":"P"}""", expect: 200);
        }
        var seen = new List<string>();
        string? token = null;
        do
        {
            var path = "/api/instances?name=greet&top=2" + (token is null ? "" : $"&continuationToken={Uri.EscapeDataString(token)}");
            var page = await Server.JsonAsync(HttpMethod.Get, path, expect: 200);
            seen.AddRange(page["instances"]!.AsArray().Select(x => x!["instanceId"]!.GetValue<string>()));
            token = page["continuationToken"]?.GetValue<string>();
        }
        while (token is not null);
        Assert.Equal(5, seen.Count(s => s.StartsWith("page-", StringComparison.Ordinal)));
        Assert.Equal(seen.Count, seen.Distinct().Count());
        await Server.JsonAsync(HttpMethod.Get, "/api/instances?status=Sleeping", expect: 400);
    }

    /// <summary>The suite on <c>baton serve</c> (the embedded hub).</summary>
    public sealed class OnServe : InstanceApiTests
    {
        protected override ApiHostKind Kind => ApiHostKind.Serve;
    }

    /// <summary>The suite on the function app (the Durable backend).</summary>
    public sealed class OnFunctionApp : InstanceApiTests
    {
        protected override ApiHostKind Kind => ApiHostKind.FunctionApp;
    }
}
