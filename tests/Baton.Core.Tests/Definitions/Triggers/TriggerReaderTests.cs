using Baton.Core.Definitions;
using Baton.Core.Definitions.Triggers;

namespace Baton.Core.Tests.Definitions.Triggers;

/// <summary>spec.triggers: schedules, queues and events, each problem at its key, trigger inputs that see only <c>trigger</c>.</summary>
public sealed class TriggerReaderTests
{
    private static LoadResult Load(string triggers) => DefinitionLoader.Load(
        "apiVersion: baton.dev/v1\nkind: Workflow\nmetadata: { name: t }\nspec:\n  steps: [{ id: a, task: echo }]\n  triggers:\n" + triggers, "t.yaml");

    private static Diagnostic Problem(string triggers) => Assert.Single(Load(triggers).Diagnostics);

    [Fact]
    public void Load_EachKind_ReadsItsSettings()
    {
        var result = Load("""
                - id: nightly
                  schedule: { cron: "0 30 2 * * *", time_zone: Europe/Berlin, overlap: queue_one, catch_up: all, max_catch_up: 3 }
                  input: { day: "${trigger.scheduled_at}" }
                - id: orders
                  queue: { name: orders-in, max_dequeue: 2, encoding: base64 }
                - id: uploads
                  event: { type: Microsoft.Storage.BlobCreated, subject: "/blobServices/default/containers/in/*", data: { api: PutBlob } }
            """);

        Assert.True(result.Succeeded, string.Join("; ", result.Diagnostics.Select(d => d.Message)));
        var triggers = result.Definition!.Triggers;
        Assert.Equal(new ScheduleTrigger("nightly", triggers[0].Input, "spec.triggers[0]", "0 30 2 * * *", "Europe/Berlin", OverlapPolicy.QueueOne, CatchUpPolicy.All, 3), triggers[0]);
        var queue = Assert.IsType<QueueTrigger>(triggers[1]);
        Assert.Equal(("orders-in", 2, true, (string?)null), (queue.Queue, queue.MaxDequeue, queue.Base64, queue.ConnectionSetting));
        var e = Assert.IsType<EventTrigger>(triggers[2]);
        Assert.Equal(("Microsoft.Storage.BlobCreated", "/blobServices/default/containers/in/*", "api"), (e.Type, e.Subject, e.Data[0].Path));
    }

    [Fact]
    public void Load_ScheduleDefaults_SkipOverlapsAndCatchUpTheLast()
    {
        var trigger = Assert.IsType<ScheduleTrigger>(Assert.Single(Load("    - { id: s, schedule: { cron: \"*/5 * * * *\" } }\n").Definition!.Triggers));
        Assert.Equal(("UTC", OverlapPolicy.Skip, CatchUpPolicy.Last, 10), (trigger.TimeZone, trigger.Overlap, trigger.CatchUp, trigger.MaxCatchUp));
    }

    [Theory]
    [InlineData("    - { id: s, schedule: { cron: \"61 * * * *\" } }\n", "BTN098", "spec.triggers[0].schedule.cron")]
    [InlineData("    - { id: s, schedule: { cron: \"* * * *\" } }\n", "BTN098", "spec.triggers[0].schedule.cron")]
    [InlineData("    - { id: s, schedule: { cron: \"* * * * *\", time_zone: Mars/Olympus } }\n", "BTN098", "spec.triggers[0].schedule.time_zone")]
    [InlineData("    - { id: s, schedule: { cron: \"* * * * *\", overlap: sometimes } }\n", "BTN015", "spec.triggers[0].schedule.overlap")]
    [InlineData("    - { id: q, queue: { name: Orders_In } }\n", "BTN017", "spec.triggers[0].queue.name")]
    [InlineData("    - { id: q, queue: { name: orders, connection_setting: AzureWebJobsStorage } }\n", "BTN092", "spec.triggers[0].queue.connection_setting")]
    [InlineData("    - { id: e, event: { type: baton.task.report } }\n", "BTN090", "spec.triggers[0].event.type")]
    [InlineData("    - { id: x }\n", "BTN097", "spec.triggers[0]")]
    [InlineData("    - { id: x, queue: { name: orders }, event: { type: t } }\n", "BTN097", "spec.triggers[0]")]
    [InlineData("    - { id: x, queue: { name: orders } }\n    - { id: x, queue: { name: other } }\n", "BTN097", "spec.triggers[1].id")]
    [InlineData("    - { id: s, schedule: { cron: \"* * * * *\" }, input: { n: \"${input.n}\" } }\n", "BTN030", "spec.triggers[0].input.n")]
    public void Load_BadTrigger_IsReportedAtItsKey(string triggers, string code, string path)
    {
        var d = Problem(triggers);
        Assert.Equal((code, path), (d.Code, d.Path));
    }

    [Fact]
    public void Load_MoreThanTwentyTriggers_IsRefused()
    {
        var many = string.Concat(Enumerable.Range(0, 21).Select(i => $"    - {{ id: q{i}, queue: {{ name: q-{i:00} }} }}\n"));
        Assert.Equal("BTN097", Problem(many).Code);
    }
}
