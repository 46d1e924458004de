using System.Globalization;
using Azure.Storage.Queues;
using Baton.Hosts.Testing;
using Baton.Testing;

namespace Baton.ControlPlane.Tests.Triggers;

/// <summary>Schedule and queue triggers on both hosts (baton serve on the embedded hub, the function app on the Durable
/// backend over Azurite), looked at as each host looks at them, at moments the test chooses: each firing and each message
/// starts exactly once, also when looks overlap; a message that cannot start ends on the poison queue; activating a
/// version without triggers stops the schedule.</summary>
public abstract class ScheduleAndQueueTriggerTests : ApiSuite
{
    private readonly string _queue = "orders-" + Guid.NewGuid().ToString("N")[..10];

    /// <summary>The Azurite queue service the queue triggers read, through a setting of the test's own.</summary>
    private static readonly Lazy<string> Storage = new(() => Azurite.ConnectionStringAsync().GetAwaiter().GetResult());

    protected override ApiServerOptions Options => new()
    {
        Environment = new Dictionary<string, string?>
        {
            ["TRIGGER_QUEUES"] = Storage.Value,
            ["BATON_SECRETS_ALLOW"] = "TRIGGER_QUEUES",
            ["BATON_TRIGGER_INTERVAL"] = "5m",
        },
    };

    private static DateTimeOffset NextNoon(DateTimeOffset after)
    {
        var noon = new DateTimeOffset(after.UtcDateTime.Date.AddHours(12), TimeSpan.Zero);
        return noon > after ? noon : noon.AddDays(1);
    }

    private static string NoonId(DateTimeOffset noon) => "daily:noon:" + noon.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

    [Fact]
    public async Task RunTriggers_ScheduleDue_StartsEachFiringOnceWithItsInput()
    {
        await Server.UploadAsync(ApiServer.Workflow("daily", """
              triggers:
                - id: noon
                  schedule: { cron: "0 0 12 * * *", catch_up: all }
                  input: { at: "${trigger.scheduled_at}", kind: "${trigger.kind}" }
              steps:
                - { id: a, task: echo, input: "${input}" }
              output: { mapping: "${steps.a.output}" }
            """));
        var first = NextNoon(DateTimeOffset.UtcNow);

        var started = await Server.RunTriggersAsync(first.AddSeconds(2));
        var again = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Server.RunTriggersAsync(first.AddSeconds(3))));
        var done = await Server.WaitForAsync(NoonId(first), "Completed");
        // Two days on (the run has ended, so nothing overlaps): the missed noon and the one due now.
        var caughtUp = await Server.RunTriggersAsync(first.AddDays(2).AddSeconds(2));

        Assert.Equal((1, 0, 2), (started, again.Sum(), caughtUp));
        Assert.Equal(first.ToString("O", CultureInfo.InvariantCulture), done["output"]!["at"]!.GetValue<string>());
        Assert.Equal("schedule", done["output"]!["kind"]!.GetValue<string>());
        await Server.WaitForAsync(NoonId(first.AddDays(1)), "Completed");
        await Server.WaitForAsync(NoonId(first.AddDays(2)), "Completed");
    }

    [Fact]
    public async Task RunTriggers_VersionWithoutTriggersActivated_StopsTheSchedule()
    {
        await Server.UploadAsync(ApiServer.Workflow("daily", "  triggers: [{ id: noon, schedule: { cron: \"0 0 12 * * *\" } }]\n  steps: [{ id: a, task: echo }]\n", "1"));
        await Server.UploadAsync(ApiServer.Workflow("daily", "  steps: [{ id: a, task: echo }]\n", "2"));
        await Server.JsonAsync(HttpMethod.Post, "/api/definitions/daily/versions/2/activate", ApiServer.AdminKey, expect: 200);

        Assert.Equal(0, await Server.RunTriggersAsync(NextNoon(DateTimeOffset.UtcNow).AddSeconds(2)));
    }

    [Fact]
    public async Task RunTriggers_QueueMessages_StartOnePerMessageAndDeleteIt()
    {
        var queue = new QueueClient(Storage.Value, _queue);
        await queue.CreateAsync();
        await Server.UploadAsync(ApiServer.Workflow("orders", $$"""
              input: { schema: { type: object, required: [order], properties: { order: { type: integer } } } }
              triggers:
                - { id: inbox, queue: { name: {{_queue}}, connection_setting: TRIGGER_QUEUES } }
              steps:
                - { id: a, task: echo, input: { order: "${input.order}" } }
              output: { mapping: "${steps.a.output.order}" }
            """));
        var sent = await Task.WhenAll(queue.SendMessageAsync("""{"order":1}"""), queue.SendMessageAsync("""{"order":2}"""));

        await Task.WhenAll(Server.RunTriggersAsync(DateTimeOffset.UtcNow), Server.RunTriggersAsync(DateTimeOffset.UtcNow));

        var outputs = new List<int>();
        foreach (var receipt in sent)
        {
            var done = await Server.WaitForAsync("orders:inbox:" + receipt.Value.MessageId, "Completed");
            outputs.Add(done["output"]!.GetValue<int>());
        }
        Assert.Equal([1, 2], outputs.Order());
        Assert.Empty((await queue.PeekMessagesAsync(32)).Value);
        Assert.Equal(0, await Server.RunTriggersAsync(DateTimeOffset.UtcNow));
    }

    [Fact]
    public async Task RunTriggers_MessageThatCannotStart_IsMovedToThePoisonQueue()
    {
        var queue = new QueueClient(Storage.Value, _queue);
        await queue.CreateAsync();
        await Server.UploadAsync(ApiServer.Workflow("strict", $$"""
              input: { schema: { type: object, required: [order] } }
              triggers:
                - { id: inbox, queue: { name: {{_queue}}, connection_setting: TRIGGER_QUEUES, max_dequeue: 1 } }
              steps: [{ id: a, task: echo }]
            """));
        await queue.SendMessageAsync("not json at all");
        var poison = new QueueClient(Storage.Value, _queue + "-poison");

        for (var deadline = DateTime.UtcNow.AddSeconds(30); DateTime.UtcNow < deadline && !(await poison.ExistsAsync()).Value; )
        {
            await Server.RunTriggersAsync(DateTimeOffset.UtcNow);
        }
        var moved = (await poison.PeekMessagesAsync(32)).Value;

        Assert.Equal("not json at all", Assert.Single(moved).MessageText);
        Assert.Empty((await queue.PeekMessagesAsync(32)).Value);
        Assert.Empty((await Server.JsonAsync(HttpMethod.Get, "/api/instances?name=strict", expect: 200))["instances"]?.AsArray() ?? []);
    }

    public sealed class OnServe : ScheduleAndQueueTriggerTests
    {
        protected override ApiHostKind Kind => ApiHostKind.Serve;
    }

    public sealed class OnFunctionApp : ScheduleAndQueueTriggerTests
    {
        protected override ApiHostKind Kind => ApiHostKind.FunctionApp;
    }
}
