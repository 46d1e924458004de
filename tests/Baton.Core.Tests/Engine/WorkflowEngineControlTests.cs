using System.Text.Json.Nodes;
using Baton.Core.Engine;
using Baton.Core.Engine.Commands;
using Baton.Core.Engine.Events;
using static Baton.Core.Tests.Engine.EngineHarness;

namespace Baton.Core.Tests.Engine;

public class WorkflowEngineControlTests
{
    private const string Approval = """
          steps:
            - { id: ask, task: t }
            - { id: approved, type: event, event: approval, depends_on: [ask], timeout: 2d }
            - { id: ship, task: t, depends_on: [approved], input: { by: "${steps.approved.output.by}" } }
        """;

    [Fact]
    public void Apply_EventRaisedWhileStepWaits_CompletesStepWithData()
    {
        var h = For(Approval);
        h.Start();
        var waiting = h.Complete("ask");
        Assert.Contains(waiting.Commands, c => c is ScheduleTimer t && t.TimerId.ToString() == "event:approved" && t.DueAt == T0.AddDays(2));
        Assert.Equal(StepStatus.Waiting, h.Step("approved").Status);
        var r = h.Apply(new EventRaised(h.Now, "approval", new JsonObject { ["by"] = "ada" }));
        Assert.Contains(r.Commands, c => c is CancelTimer t && t.TimerId.ToString() == "event:approved");
        Assert.Equal("""{"by":"ada"}""", Dispatches(r).Single().Input!.ToJsonString());
    }

    [Fact]
    public void Apply_EventRaisedBeforeAnyStepWaits_IsKeptUntilOneDoes()
    {
        var h = For(Approval);
        h.Start();
        var early = h.Apply(new EventRaised(h.Now, "approval", new JsonObject { ["by"] = "early" }));
        Assert.True(early.Accepted);
        Assert.Single(h.State!.PendingEvents);
        var r = h.Complete("ask");
        Assert.Equal(StepStatus.Succeeded, h.Step("approved").Status);
        Assert.Empty(h.State!.PendingEvents);
        Assert.Equal("""{"by":"early"}""", Dispatches(r).Single().Input!.ToJsonString());
    }

    [Fact]
    public void Apply_EventWaitTimesOut_FailsStep()
    {
        var h = For(Approval);
        h.Start();
        h.Complete("ask");
        h.Advance(TimeSpan.FromDays(2));
        var r = h.Fire("event:approved");
        Assert.Equal(("TimedOut", InstanceStatus.Failed), (r.State.Error!.Code, r.State.Status));
        Assert.Contains("No 'approval' event arrived within 2d", r.State.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Apply_Suspended_RecordsResultsButStartsNothingUntilResumed()
    {
        var h = For("  steps:\n    - { id: a, task: t }\n    - { id: b, task: t, depends_on: [a] }\n");
        h.Start();
        Assert.Equal(InstanceStatus.Suspended, h.Apply(new SuspendRequested(h.Now, "maintenance")).State.Status);
        Assert.False(h.Apply(new SuspendRequested(h.Now, "again")).Accepted);
        var done = h.Complete("a");
        Assert.True(done.Accepted);
        Assert.Empty(Dispatches(done));
        Assert.Equal(StepStatus.Succeeded, h.Step("a").Status);
        var resumed = h.Apply(new ResumeRequested(h.Now, "done"));
        Assert.Equal(InstanceStatus.Running, resumed.State.Status);
        Assert.Equal(["b#1"], Dispatched(resumed));
        Assert.False(h.Apply(new ResumeRequested(h.Now, "again")).Accepted);
    }

    [Fact]
    public void Apply_RetryDueWhileSuspended_StartsOnResume()
    {
        var h = For("  steps:\n    - { id: a, task: t, retry: { max_attempts: 2, initial_delay: 1m } }\n");
        h.Start();
        h.Fail("a");
        h.Apply(new SuspendRequested(h.Now, "pause"));
        h.Advance(TimeSpan.FromMinutes(5));
        Assert.False(h.Fire("retry:a:2").Accepted);
        var resumed = h.Apply(new ResumeRequested(h.Now, "go"));
        Assert.Equal(["a#2"], Dispatched(resumed));
    }

    [Fact]
    public void Apply_ResumeBeforeRetryIsDue_RearmsTheConsumedTimer()
    {
        var h = For("  steps:\n    - { id: a, task: t, retry: { max_attempts: 2, initial_delay: 1m } }\n");
        h.Start();
        h.Fail("a");
        h.Apply(new SuspendRequested(h.Now, "pause"));
        Assert.False(h.Fire("retry:a:2").Accepted);
        h.Advance(TimeSpan.FromSeconds(30));
        var resumed = h.Apply(new ResumeRequested(h.Now, "go"));
        Assert.Empty(Dispatched(resumed));
        Assert.Contains(resumed.Commands, c => c is ScheduleTimer t && t.TimerId.ToString() == "retry:a:2" && t.DueAt == T0.AddMinutes(1));
    }

    [Fact]
    public void Apply_RewindFailedInstance_RetriesFailedStepKeepingSucceededOnes()
    {
        var h = For("""
              steps:
                - { id: a, task: t }
                - { id: b, task: t, depends_on: [a] }
                - { id: c, task: t, depends_on: [a] }
                - { id: d, task: t, depends_on: [b, c] }
            """);
        h.Start();
        h.Complete("a");
        var failed = h.Fail("b", retryable: false);
        Assert.Equal(InstanceStatus.Failed, failed.State.Status);
        Assert.Equal(StepStatus.Cancelled, h.Step("c").Status);
        Assert.False(h.Complete("c").Accepted);
        var r = h.Apply(new RewindRequested(h.Now, "fixed the bug"));
        Assert.Equal(InstanceStatus.Running, r.State.Status);
        Assert.Null(r.State.Error);
        Assert.Equal(["b#1", "c#1"], Dispatched(r));
        Assert.Equal(StepStatus.Succeeded, h.Step("a").Status);
        h.Complete("b");
        Assert.Equal(["d#1"], Dispatched(h.Complete("c")));
        Assert.Equal(InstanceStatus.Completed, h.Complete("d").State.Status);
    }

    [Fact]
    public void Apply_RewindWhenNotFailed_IsIgnored()
    {
        var h = For("  steps:\n    - { id: a, task: t }\n");
        h.Start();
        Assert.False(h.Apply(new RewindRequested(h.Now, "no")).Accepted);
        h.Complete("a");
        Assert.False(h.Apply(new RewindRequested(h.Now, "no")).Accepted);
    }
}
