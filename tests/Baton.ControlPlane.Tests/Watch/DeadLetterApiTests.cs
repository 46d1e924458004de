using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Baton.Hosts.Testing;
using Baton.Runtime.Runners;

namespace Baton.ControlPlane.Tests.Watch;

/// <summary>Dead letters and the watchdog on both hosts: failed instances listed with where and why they failed, rewound or
/// purged in bulk by query (a dry run first), and instances waiting for an event with no timeout flagged.</summary>
public abstract class DeadLetterApiTests : ApiSuite
{
    /// <summary>The runs of <c>gated</c> that may pass, by instance id.</summary>
    private readonly ConcurrentDictionary<string, bool> _open = new(StringComparer.Ordinal);

    protected override ApiServerOptions Options => new()
    {
        Functions = FunctionRegistry.WithBuiltIns(TimeProvider.System)
            .Register("gated", ctx => _open.ContainsKey(ctx.InstanceId) ? new JsonObject { ["passed"] = true } : throw new InvalidOperationException("the gate is closed")),
    };

    protected override async Task SetUpAsync()
    {
        await Server.UploadAsync(ApiServer.Workflow("fragile", "  steps:\n    - { id: s, task: gated, retry: { max_attempts: 2, initial_delay: 10ms } }\n"));
        await Server.UploadAsync(ApiServer.Workflow("approval", "  steps:\n    - { id: wait, type: event, event: approved }\n"));
    }

    private async Task FailAsync(params string[] ids)
    {
        foreach (var id in ids)
        {
            await Server.JsonAsync(HttpMethod.Post, $"/api/workflows/fragile/instances?instanceId={id}", expect: 202);
        }
        foreach (var id in ids)
        {
            await Server.WaitForAsync(id, "Failed");
        }
    }

    [Fact]
    public async Task DeadLetters_FailedInstances_ListTheStepAttemptsAndError()
    {
        await FailAsync("dl-a", "dl-b");

        var listed = (await Server.JsonAsync(HttpMethod.Get, "/api/dead-letters?name=fragile", expect: 200))["deadLetters"]!.AsArray();

        Assert.Equal(["dl-a", "dl-b"], listed.Select(d => d!["instanceId"]!.GetValue<string>()).Order(StringComparer.Ordinal));
        Assert.All(listed, d => Assert.Equal(("s", 2, "TaskFailed"), (d!["step"]!.GetValue<string>(), d["attempts"]!.GetValue<int>(), d["error"]!["code"]!.GetValue<string>())));
    }

    [Fact]
    public async Task RewindDeadLetters_DryRunThenForReal_RewindsOnlyWhenAsked()
    {
        await FailAsync("rw-a", "rw-b");

        var dry = await Server.JsonAsync(HttpMethod.Post, "/api/dead-letters/rewind?name=fragile&dryRun=true", expect: 200);
        var stillFailed = await Server.JsonAsync(HttpMethod.Get, "/api/instances/rw-a", expect: 200);
        _open["rw-a"] = _open["rw-b"] = true;
        var done = await Server.JsonAsync(HttpMethod.Post, "/api/dead-letters/rewind?name=fragile&reason=fixed", expect: 200);

        Assert.Equal(2, dry["matched"]!.GetValue<int>());
        Assert.Equal("Failed", stillFailed["runtimeStatus"]!.GetValue<string>());
        Assert.Equal(["rw-a", "rw-b"], done["rewound"]!.AsArray().Select(i => i!.GetValue<string>()).Order(StringComparer.Ordinal));
        await Server.WaitForAsync("rw-a", "Completed");
        await Server.WaitForAsync("rw-b", "Completed");
    }

    [Fact]
    public async Task PurgeDeadLetters_ByQueryWithTheAdminKey_PurgesThemAndNothingElse()
    {
        await FailAsync("pg-a");
        await Server.JsonAsync(HttpMethod.Post, "/api/workflows/approval/instances?instanceId=pg-running", expect: 202);

        using var refused = await Server.SendAsync(HttpMethod.Delete, "/api/dead-letters?name=fragile");
        var purged = await Server.JsonAsync(HttpMethod.Delete, "/api/dead-letters", ApiServer.AdminKey, expect: 200);

        Assert.Equal(Server.WrongLevelStatus, (int)refused.StatusCode);
        Assert.Equal(["pg-a"], purged["purged"]!.AsArray().Select(i => i!.GetValue<string>()));
        await Server.JsonAsync(HttpMethod.Get, "/api/instances/pg-a", expect: 404);
        await Server.JsonAsync(HttpMethod.Get, "/api/instances/pg-running", expect: 200);
    }

    [Fact]
    public async Task Watchdog_EventWaitWithoutTimeout_IsFlaggedWithItsStep()
    {
        await Server.JsonAsync(HttpMethod.Post, "/api/workflows/approval/instances?instanceId=wd-wait", expect: 202);

        var flagged = await Server.PollAsync("/api/watchdog?name=approval", w => w["stuck"]!.AsArray().Count == 1, "the waiting instance to be flagged");

        var stuck = flagged["stuck"]![0]!;
        Assert.Equal(("wd-wait", "unbounded_wait", "wait"), (stuck["instanceId"]!.GetValue<string>(), stuck["kind"]!.GetValue<string>(), stuck["step"]!.GetValue<string>()));
        await Server.JsonAsync(HttpMethod.Get, "/api/watchdog?idleFor=soon", expect: 400);
    }

    public sealed class OnServe : DeadLetterApiTests
    {
        protected override ApiHostKind Kind => ApiHostKind.Serve;
    }

    public sealed class OnFunctionApp : DeadLetterApiTests
    {
        protected override ApiHostKind Kind => ApiHostKind.FunctionApp;
    }
}
