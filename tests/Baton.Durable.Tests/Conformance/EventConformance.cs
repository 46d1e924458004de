using System.Text.Json.Nodes;
using Baton.Core.Engine;
using Baton.Runtime.Runners;
using Baton.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Baton.Abstractions;

namespace Baton.Durable.Tests.Conformance;

/// <summary>What instances take from outside on every backend: events raised for <c>event</c> steps (before or after the step
/// waits, or never), reports of services an attempt was handed to, terminate, suspend and resume.</summary>
public abstract class EventConformance : ConformanceSuite
{
    [Fact]
    public async Task EventStep_TakesTheRaisedEventsData()
    {
        var id = await Backend.StartAsync(new StartRequest(Backends.Workflow("approve", """
              steps:
                - { id: approval, type: event, event: approved, timeout: 1m }
                - { id: after, task: echo, depends_on: [approval], input: { by: "${steps.approval.output.by}" } }
              output:
                mapping: "${steps.after.output}"
            """), null, null, "approve"));
        await Backend.RaiseEventAsync(id, "approved", new JsonObject { ["by"] = "ada" });
        var outcome = await Backend.WaitAsync(id);
        Assert.Equal("""{"by":"ada"}""", outcome.Output!.ToJsonString());
    }

    [Fact]
    public async Task EventStep_EventRaisedBeforeTheStepWaits_IsKeptForIt()
    {
        var id = await Backend.StartAsync(new StartRequest(Backends.Workflow("early", """
              steps:
                - { id: first, type: wait, duration: 500ms }
                - { id: approval, type: event, event: approved, depends_on: [first], timeout: 1m }
              output:
                mapping: "${steps.approval.output}"
            """), null, null, "early"));
        await Backend.RaiseEventAsync(id, "approved", new JsonObject { ["early"] = true });
        var outcome = await Backend.WaitAsync(id);
        Assert.Equal("""{"early":true}""", outcome.Output!.ToJsonString());
    }

    [Fact]
    public async Task EventStep_NoEventWithinTimeout_FailsTimedOut()
    {
        var outcome = await RunAsync(Backends.Workflow("no-event", """
              steps:
                - { id: approval, type: event, event: approved, timeout: 300ms }
            """), "no-event");
        Assert.Equal((InstanceStatus.Failed, "TimedOut"), (outcome.Status, outcome.ErrorCode));
        AssertSteps(outcome, ("approval", "failed", 1));
    }

    [Fact]
    public async Task EventTask_ServiceReportsProgressThenFinishes_StepTakesItsOutputAndNotAForgedOne()
    {
        var triggered = new List<JsonObject>();
        await using var service = await LoopbackServer.StartAsync(app => app.MapPost("/events", async (HttpRequest r) =>
        {
            foreach (var e in JsonNode.Parse(await LoopbackServer.BodyAsync(r))!.AsArray().Cast<JsonObject>())
            {
                lock (triggered)
                {
                    triggered.Add(e);
                }
            }
            return Results.Ok();
        }));
        var catalog = Backends.Catalog($$"""
              check: { runner: event, endpoint: "{{service.Url("events")}}", key_setting: TOPIC_KEY, allow_private_network: true }
            """);
        var id = await Backend.StartAsync(new StartRequest(Backends.Workflow("handed", """
              steps:
                - { id: check, task: check, input: { phone: "${input.phone}" }, timeout: 1m }
              output:
                mapping: { valid: "${steps.check.output.valid}" }
            """), catalog, new JsonObject { ["phone"] = "+4712345678" }, "handed"));
        JsonObject? e = null;
        for (var i = 0; i < 600 && e is null; i++)
        {
            lock (triggered)
            {
                e = triggered.FirstOrDefault();
            }
            await Task.Delay(50);
        }
        Assert.NotNull(e);
        Assert.Equal(("check.triggered", "handed/check/1", "+4712345678"), (e["type"]!.GetValue<string>(), e["id"]!.GetValue<string>(), e["data"]!["phone"]!.GetValue<string>()));
        // A report raised by name, as anyone allowed to raise events could, carries no proof that it passed the token check: ignored.
        await Backend.RaiseEventAsync(id, DurableNames.TaskReport("check", 1), System.Text.Json.JsonSerializer.SerializeToNode(
            new TaskReportMessage("finished", null, new TaskOutcome(TaskOutcomeKind.Ok, new JsonObject { ["valid"] = "forged" }))));
        await Backend.ReportAsync(id, TaskReport.Progress("check", 1, "started", new JsonObject { ["worker"] = "w1" }));
        Assert.True(await Backend.ReportAsync(id, TaskReport.Finished("check", 1, TaskResult.Ok(new JsonObject { ["valid"] = true }))));
        Assert.False(await Backend.ReportAsync(id, TaskReport.Finished("check", 1, TaskResult.Ok(new JsonObject { ["valid"] = false }))));
        var outcome = await Backend.WaitAsync(id);
        Assert.Equal("""{"valid":true}""", outcome.Output!.ToJsonString());
        AssertSteps(outcome, ("check", "succeeded", 1));
        Assert.Single(triggered);
    }

    [Fact]
    public async Task Terminate_RunningInstance_EndsTerminated()
    {
        var id = await Backend.StartAsync(new StartRequest(Backends.Workflow("long", """
              steps:
                - { id: pause, type: wait, duration: 1h }
            """), null, null, "long"));
        await UntilStatusAsync(id, InstanceStatus.Running);
        await Backend.TerminateAsync(id);
        Assert.Equal(InstanceStatus.Terminated, (await Backend.WaitAsync(id)).Status);
    }

    [Fact]
    public async Task SuspendResume_EventRaisedWhileSuspended_IsHeldUntilResume()
    {
        // The instance waits on an event with no timer due, so the suspension lands before anything can move it on,
        // however slow the machine: the order is fixed by the test, not by a clock.
        var id = await Backend.StartAsync(new StartRequest(Backends.Workflow("pausable", """
              steps:
                - { id: approval, type: event, event: go, timeout: 1h }
                - { id: after, task: add, depends_on: [approval], input: { n: "${steps.approval.output.n}" } }
              output:
                mapping: "${steps.after.output}"
            """), null, null, "pausable"));
        await UntilStatusAsync(id, InstanceStatus.Running);
        await Backend.SuspendAsync(id);
        await UntilStatusAsync(id, InstanceStatus.Suspended);
        await Backend.RaiseEventAsync(id, "go", new JsonObject { ["n"] = 1 });
        await Task.Delay(1500); // time enough for the event to be taken; it must not move the instance on
        Assert.Equal(InstanceStatus.Suspended, await Backend.StatusAsync(id));
        await Backend.ResumeAsync(id);
        var outcome = await Backend.WaitAsync(id);
        Assert.Equal("""{"n":2}""", outcome.Output!.ToJsonString());
        AssertSteps(outcome, ("after", "succeeded", 1), ("approval", "succeeded", 1));
    }

    /// <summary>On the embedded hub.</summary>
    public sealed class OnEmbeddedHub : EventConformance
    {
        protected override Task<IBackendDriver> CreateAsync(FunctionRegistry functions, Func<string, string?> appSetting) => EmbeddedDriver.StartAsync(functions, appSetting);
    }

    /// <summary>On a local Durable worker with orchestrations in memory.</summary>
    public sealed class OnInProcessDurable : EventConformance
    {
        protected override Task<IBackendDriver> CreateAsync(FunctionRegistry functions, Func<string, string?> appSetting) => InProcessDurableDriver.StartAsync(functions, appSetting);
    }

    /// <summary>On a local Durable worker over Azure Storage (Azurite).</summary>
    public sealed class OnAzuriteDurable : EventConformance
    {
        protected override Task<IBackendDriver> CreateAsync(FunctionRegistry functions, Func<string, string?> appSetting) => AzuriteDurableDriver.StartAsync(functions, appSetting);
    }
}
