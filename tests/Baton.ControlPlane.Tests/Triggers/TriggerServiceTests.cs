using Baton.Hosts.Testing;

namespace Baton.ControlPlane.Tests.Triggers;

/// <summary><c>baton serve</c> looks at the triggers on its own every BATON_TRIGGER_INTERVAL, on its clock.</summary>
/// <remarks>The function app's equivalent is its Timer trigger, which only the Functions host fires (not installable here);
/// the look it runs is the one <see cref="ScheduleAndQueueTriggerTests"/> runs on both hosts.</remarks>
public sealed class TriggerServiceTests : ApiSuite
{
    protected override ApiHostKind Kind => ApiHostKind.Serve;

    protected override ApiServerOptions Options => new() { Environment = new Dictionary<string, string?> { ["BATON_TRIGGER_INTERVAL"] = "1s" } };

    [Fact]
    public async Task Serve_ScheduleEverySecond_StartsRunsOnItsOwn()
    {
        await Server.UploadAsync(ApiServer.Workflow("ticker", """
              triggers: [{ id: tick, schedule: { cron: "* * * * * *", overlap: allow } }]
              steps: [{ id: a, task: echo }]
            """));

        var listed = await Server.PollAsync("/api/instances?name=ticker", l => l["instances"]!.AsArray().Count >= 2, "two runs of the schedule");

        Assert.All(listed["instances"]!.AsArray(), i => Assert.StartsWith("ticker:tick:", i!["instanceId"]!.GetValue<string>(), StringComparison.Ordinal));
    }
}
