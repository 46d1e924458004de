using System.Text.Json.Nodes;
using Baton.Core.Engine;
using Baton.Core.Engine.Events;
using Baton.Runtime.Runners;
using Baton.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Baton.Abstractions;

namespace Baton.Embedded.Tests;

/// <summary>Event tasks end to end through a real hub: a loopback service receives the .triggered CloudEvents.</summary>
public sealed class EmbeddedBackendEventTaskTests : IAsyncLifetime
{
    private static readonly StoredDefinition Workflow = HubHarness.Definition("""
          steps:
            - { id: check, task: checknumber, input: { phone: "${input.phone}" }, timeout: 1h }
            - { id: after, task: echo, depends_on: [check], input: { valid: "${steps.check.output.valid}" } }
          output:
            mapping: { valid: "${steps.after.output.valid}" }
        """);

    private readonly TempDirectory _dir = new();
    private readonly List<string> _triggeredIds = [];
    private readonly EmbeddedBackendOptions _options = new() { SweepInterval = TimeSpan.FromMilliseconds(50) };
    private LoopbackServer? _service;

    public async Task InitializeAsync() => _service = await LoopbackServer.StartAsync(app => app.MapPost("/events", async (HttpRequest r) =>
    {
        var batch = JsonNode.Parse(await LoopbackServer.BodyAsync(r))!.AsArray();
        lock (_triggeredIds)
        {
            _triggeredIds.AddRange(batch.Select(e => e!["id"]!.GetValue<string>()));
        }
        return Results.Ok();
    }));

    public async Task DisposeAsync()
    {
        await _service!.DisposeAsync();
        _dir.Dispose();
    }

    private StoredDefinition Catalog() => HubHarness.Catalog($$"""
          checknumber: { runner: event, endpoint: "{{_service!.Url("events")}}", key_setting: TOPIC_KEY, allow_private_network: true, redeliver_after: 200ms }
        """);

    private Task<HubHarness> StartHubAsync() => HubHarness.StartAsync(_dir, FunctionRegistry.WithBuiltIns(TimeProvider.System), options: _options,
        runners: [new EventRunner(name => name switch { "TOPIC_KEY" => "k", "BATON_SECRETS_ALLOW" => "TOPIC_KEY", _ => null })]);

    private int Published()
    {
        lock (_triggeredIds)
        {
            return _triggeredIds.Count;
        }
    }

    private static async Task Until(Func<bool> condition)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (!condition())
        {
            await Task.Delay(20, cts.Token);
        }
    }

    [Fact]
    public async Task ReportAsync_ServiceStartsAndFinishes_StepCompletesOnceAndRepeatsChangeNothing()
    {
        await using var h = await StartHubAsync();
        var id = await h.StartAsync(Workflow, new JsonObject { ["phone"] = "+47" }, "ev-1", Catalog());

        // Silent service: the .triggered event is published again, always with the same id.
        await Until(() => Published() >= 2);
        Assert.All(_triggeredIds.ToArray(), e => Assert.Equal("ev-1/check/1", e));

        Assert.True(await h.Hub.ReportAsync(id, TaskReport.Progress("check", 1, TaskProgressed.Started, null), default));
        Assert.True(await h.Hub.ReportAsync(id, TaskReport.Progress("check", 1, TaskProgressed.StatusChanged, new JsonObject { ["percent"] = 50 }), default));
        Assert.False(await h.Hub.ReportAsync(id, TaskReport.Progress("check", 1, TaskProgressed.StatusChanged, new JsonObject { ["percent"] = 50 }), default));
        var step = (await h.Hub.GetStateAsync(id, default))!.Steps["check"];
        Assert.Equal((StepStatus.Running, "status.changed", 50), (step.Status, step.Progress!.Phase, step.Progress.Data!["percent"]!.GetValue<int>()));

        // Once the service has said it started, redelivery stops: the lease runs out, the sweeper takes the work,
        // and the runner sees the acknowledgement instead of publishing.
        var published = Published();
        await Task.Delay(TimeSpan.FromMilliseconds(800));
        Assert.Equal(published, Published());

        Assert.False(await h.Hub.ReportAsync(id, TaskReport.Finished("check", 2, TaskResult.Ok(new JsonObject { ["valid"] = false })), default));
        Assert.True(await h.Hub.ReportAsync(id, TaskReport.Finished("check", 1, TaskResult.Ok(new JsonObject { ["valid"] = true })), default));
        Assert.False(await h.Hub.ReportAsync(id, TaskReport.Finished("check", 1, TaskResult.Ok(new JsonObject { ["valid"] = false })), default));

        var final = await h.Hub.WaitForCompletionAsync(id, new CancellationTokenSource(TimeSpan.FromSeconds(20)).Token);
        Assert.Equal(InstanceStatus.Completed, final.Status);
        Assert.Equal("""{"valid":true}""", final.Output!.ToJsonString());
        var history = await h.HistoryAsync(id);
        Assert.Equal(2, history.Count(e => e.Kind == nameof(TaskCompleted)));
        Assert.Equal(2, history.Count(e => e.Kind == nameof(TaskProgressed)));
    }

    [Fact]
    public async Task ReportAsync_UnknownInstance_IsRefusedAndStoresNothing()
    {
        await using var h = await StartHubAsync();
        Assert.False(await h.Hub.ReportAsync("nobody", TaskReport.Finished("check", 1, TaskResult.Ok(null)), default));
        Assert.Null(await h.Hub.Store.LoadInstanceAsync("nobody", default));
        Assert.Empty(await h.Hub.Store.ListInstancesAsync(new InstanceQuery(), default));
    }

    [Fact]
    public async Task StartAsync_AfterRestartOfAcknowledgedTask_DoesNotTriggerAgainAndFinishesOnReport()
    {
        string id;
        await using (var first = await StartHubAsync())
        {
            id = await first.StartAsync(Workflow, new JsonObject { ["phone"] = "+47" }, "ev-2", Catalog());
            await Until(() => Published() >= 1);
            Assert.True(await first.Hub.ReportAsync(id, TaskReport.Progress("check", 1, TaskProgressed.Started, null), default));
        }
        var published = Published();
        await using var second = await StartHubAsync();
        await Task.Delay(TimeSpan.FromMilliseconds(500));
        Assert.Equal(published, Published());
        Assert.True(await second.Hub.ReportAsync(id, TaskReport.Finished("check", 1, TaskResult.Ok(new JsonObject { ["valid"] = true })), default));
        var final = await second.Hub.WaitForCompletionAsync(id, new CancellationTokenSource(TimeSpan.FromSeconds(20)).Token);
        Assert.Equal(InstanceStatus.Completed, final.Status);
    }

    [Fact]
    public async Task ReportAsync_Errored_RetriesWithANewTriggeredEvent()
    {
        await using var h = await StartHubAsync();
        var def = HubHarness.Definition("""
              steps:
                - { id: check, task: checknumber, retry: { max_attempts: 2, backoff: fixed, initial_delay: 10ms } }
            """, "retrying");
        var id = await h.StartAsync(def, null, "ev-3", Catalog());
        await Until(() => Published() >= 1);
        Assert.True(await h.Hub.ReportAsync(id, TaskReport.Finished("check", 1, TaskResult.Fail("TaskErrored", "disk full")), default));
        await Until(() => _triggeredIds.ToArray().Contains("ev-3/check/2"));
        Assert.True(await h.Hub.ReportAsync(id, TaskReport.Finished("check", 2, TaskResult.Ok(null)), default));
        var final = await h.Hub.WaitForCompletionAsync(id, new CancellationTokenSource(TimeSpan.FromSeconds(20)).Token);
        Assert.Equal((InstanceStatus.Completed, 2), (final.Status, final.Steps["check"].Attempt));
    }
}
