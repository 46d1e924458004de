using Baton.Hosts.Testing;

namespace Baton.ControlPlane.Tests.Routes;

/// <summary>Migration of running instances on both hosts (embedded hub behind <c>baton serve</c>, Durable behind the function
/// app): a compatible version takes over where the instance is, an incompatible one is refused with its reasons, in bulk by
/// query with a dry run, and history, time travel and the audit log tell of it.</summary>
public abstract class MigrationApiTests : ApiSuite
{
    private const string V1 = """
          steps:
            - { id: go, type: event, event: go }
            - { id: finish, task: echo, depends_on: [go], input: { version: 1 } }
          output: { mapping: { result: "${steps.finish.output}" } }
        """;

    protected override async Task SetUpAsync()
    {
        await Server.UploadAsync(ApiServer.Workflow("order", V1));
        await Server.UploadAsync(ApiServer.Workflow("order", """
              steps:
                - { id: go, type: event, event: go }
                - { id: finish2, task: echo, depends_on: [go], input: { version: 2 } }
              output: { mapping: { result: "${steps.finish2.output}" } }
            """, "2"));
        await Server.UploadAsync(ApiServer.Workflow("order", """
              steps:
                - { id: go, task: echo }
            """, "3"));
    }

    private async Task StartWaitingAsync(string id)
    {
        await Server.JsonAsync(HttpMethod.Post, $"/api/workflows/order/instances?version=1&instanceId={id}", expect: 202);
        await Server.PollAsync($"/api/instances/{id}", s => s["steps"]!.AsArray().Any(x => x!["id"]!.GetValue<string>() == "go" && x["status"]!.GetValue<string>() == "waiting"), $"{id} to wait for 'go'");
    }

    [Fact]
    public async Task MigrateInstance_CompatibleVersion_RunsTheNewStepsAndHistoryTellsOfIt()
    {
        await StartWaitingAsync("mig-ok");

        var moved = await Server.JsonAsync(HttpMethod.Post, "/api/instances/mig-ok/migrate?version=2&reason=fix", expect: 200);
        var status = await Server.JsonAsync(HttpMethod.Get, "/api/instances/mig-ok", expect: 200);
        await Server.JsonAsync(HttpMethod.Post, "/api/instances/mig-ok/events/go", body: "{}", expect: 202);
        var done = await Server.WaitForAsync("mig-ok", "Completed");
        var history = await Server.JsonAsync(HttpMethod.Get, "/api/instances/mig-ok/history", expect: 200);

        Assert.Equal(("migrated", "1", "2"), (moved["outcome"]!.GetValue<string>(), moved["fromVersion"]!.GetValue<string>(), moved["toVersion"]!.GetValue<string>()));
        Assert.Equal("2", status["version"]!.GetValue<string>());
        Assert.Equal(2, done["output"]!["result"]!["version"]!.GetValue<int>());
        var migrated = Assert.Single(history["events"]!.AsArray(), e => e!["type"]!.GetValue<string>() == "InstanceMigrated")!;
        Assert.Equal(("1", "2", "fix"), (migrated["fromVersion"]!.GetValue<string>(), migrated["toVersion"]!.GetValue<string>(), migrated["reason"]!.GetValue<string>()));
        Assert.Contains(history["actions"]!.AsArray(), a => a!["action"]!.GetValue<string>() == "MigrateInstance");
        var sequence = migrated["sequence"]!.GetValue<long>();
        var before = await Server.JsonAsync(HttpMethod.Get, $"/api/instances/mig-ok/history/{sequence - 1}/state", expect: 200);
        var after = await Server.JsonAsync(HttpMethod.Get, $"/api/instances/mig-ok/history/{sequence}/state", expect: 200);
        Assert.Equal(("1", "2"), (before["version"]!.GetValue<string>(), after["version"]!.GetValue<string>()));
        // A fork from after the move runs the version the original ran there.
        await Server.JsonAsync(HttpMethod.Post, $"/api/instances/mig-ok/fork?at={sequence}&instanceId=mig-fork", expect: 202);
        await Server.PollAsync("/api/instances/mig-fork", s => s["steps"]!.AsArray().Any(x => x!["id"]!.GetValue<string>() == "go" && x["status"]!.GetValue<string>() == "waiting"));
        await Server.JsonAsync(HttpMethod.Post, "/api/instances/mig-fork/events/go", body: "{}", expect: 202);
        var fork = await Server.WaitForAsync("mig-fork", "Completed");
        Assert.Equal(("2", 2), (fork["version"]!.GetValue<string>(), fork["output"]!["result"]!["version"]!.GetValue<int>()));
    }

    [Fact]
    public async Task MigrateInstance_IncompatibleVersion_IsRefusedWithReasonsAndChangesNothing()
    {
        await StartWaitingAsync("mig-no");

        var dry = await Server.JsonAsync(HttpMethod.Post, "/api/instances/mig-no/migrate?version=3&dryRun=true", expect: 200);
        var refused = await Server.JsonAsync(HttpMethod.Post, "/api/instances/mig-no/migrate?version=3", expect: 409);
        await Server.JsonAsync(HttpMethod.Post, "/api/instances/mig-no/migrate?version=9", expect: 404);
        await Server.JsonAsync(HttpMethod.Post, "/api/instances/none/migrate?version=2", expect: 404);
        // The orchestrator's internal request cannot be raised from outside.
        await Server.JsonAsync(HttpMethod.Post, "/api/instances/mig-no/events/baton.migrate", body: "{}", expect: 403);
        await Server.JsonAsync(HttpMethod.Post, "/api/instances/mig-no/events/go", body: "{}", expect: 202);
        var done = await Server.WaitForAsync("mig-no", "Completed");

        Assert.Equal("refused", dry["outcome"]!.GetValue<string>());
        Assert.Equal("migration-refused", refused["type"]!.GetValue<string>().Split('/')[^1]);
        Assert.Contains(refused["problems"]!.AsArray(), p => p!.GetValue<string>().StartsWith("Step 'go' is waiting: it is an event step waiting for 'go', but a task step calling 'echo'", StringComparison.Ordinal));
        Assert.Equal(("1", 1), (done["version"]!.GetValue<string>(), done["output"]!["result"]!["version"]!.GetValue<int>()));
    }

    [Fact]
    public async Task MigrateInstances_ByQuery_DryRunFirstThenMovesEachRunningOne()
    {
        await StartWaitingAsync("bulk-a");
        await StartWaitingAsync("bulk-b");

        var dry = await Server.JsonAsync(HttpMethod.Post, "/api/instances/migrate?name=order&version=2&dryRun=true", expect: 200);
        var unchanged = await Server.JsonAsync(HttpMethod.Get, "/api/instances/bulk-a", expect: 200);
        var moved = await Server.JsonAsync(HttpMethod.Post, "/api/instances/migrate?name=order&version=2", expect: 200);
        await Server.JsonAsync(HttpMethod.Post, "/api/instances/migrate?version=2", expect: 400);

        Assert.Equal((2, "1"), (dry["counts"]!["compatible"]!.GetValue<int>(), unchanged["version"]!.GetValue<string>()));
        Assert.Equal(2, moved["counts"]!["migrated"]!.GetValue<int>());
        foreach (var id in new[] { "bulk-a", "bulk-b" })
        {
            Assert.Equal("2", (await Server.JsonAsync(HttpMethod.Get, $"/api/instances/{id}", expect: 200))["version"]!.GetValue<string>());
        }
    }

    public sealed class OnServe : MigrationApiTests
    {
        protected override ApiHostKind Kind => ApiHostKind.Serve;
    }

    public sealed class OnFunctionApp : MigrationApiTests
    {
        protected override ApiHostKind Kind => ApiHostKind.FunctionApp;
    }
}
