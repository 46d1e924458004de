using System.Text.Json.Nodes;
using Baton.Core.Engine;
using Baton.Core.Engine.Events;
using static Baton.Core.Tests.Engine.EngineHarness;

namespace Baton.Core.Tests.Engine;

public sealed class WorkflowEngineCompensationTests
{
    private const string Saga = """
          steps:
            - { id: reserve, task: t }
            - { id: charge, task: t, depends_on: [reserve] }
            - { id: email, task: t, depends_on: [reserve] }
            - { id: ship, task: t, depends_on: [charge, email], on_failure: compensate }
          compensation:
            - { id: refund, task: undo, undoes: charge, input: { payment: "${steps.charge.output.from}" } }
            - { id: release, task: undo, undoes: reserve }
            - { id: unsend, task: undo, undoes: email }
            - { id: notify, task: undo, condition: "${steps.ship.status == 'failed'}" }
        """;

    private static EngineHarness Failing()
    {
        var h = For(Saga);
        h.Start();
        h.Complete("reserve");
        h.Advance(TimeSpan.FromSeconds(1));
        h.Complete("email");
        h.Advance(TimeSpan.FromSeconds(1));
        h.Complete("charge");
        return h;
    }

    [Fact]
    public void Apply_StepAsksToCompensate_UndoesCompletedStepsOneAtATimeLatestFirstThenFails()
    {
        var h = Failing();

        var failed = h.Fail("ship", retryable: false);

        Assert.Equal(InstanceStatus.Running, h.State!.Status);
        Assert.Equal(["refund#1"], Dispatched(failed));
        Assert.Equal("succeeded", h.Step("charge").Status.ToWireName());
        Assert.Equal("""{"payment":"charge"}""", Dispatches(failed).Single().Input!.ToJsonString());
        Assert.Equal(["unsend#1"], Dispatched(h.Complete("refund")));
        Assert.Equal(["release#1"], Dispatched(h.Complete("unsend")));
        Assert.Equal(["notify#1"], Dispatched(h.Complete("release")));
        var end = h.Complete("notify");

        Assert.Equal(InstanceStatus.Failed, h.State.Status);
        Assert.Equal("TaskFailed", h.State.Error!.Code);
        Assert.EndsWith("The compensation ran.", h.State.Error.Message, StringComparison.Ordinal);
        Assert.Contains(end.Commands, c => c is Core.Engine.Commands.InstanceFinished);
    }

    [Fact]
    public void Apply_CompensatingStepFails_IsRecordedAndTheRestStillRun()
    {
        var h = Failing();
        h.Fail("ship", retryable: false);

        Assert.Equal(["unsend#1"], Dispatched(h.Fail("refund", retryable: false)));
        h.Complete("unsend");
        h.Complete("release");
        h.Complete("notify");

        Assert.Equal(InstanceStatus.Failed, h.State!.Status);
        Assert.Equal(StepStatus.Failed, h.Step("refund").Status);
        Assert.Contains("but 'refund' failed too", h.State.Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Apply_FailureBeforeSomeStepsRan_SkipsTheUndoOfWhatNeverSucceeded()
    {
        var h = For(Saga);
        h.Start();
        h.Complete("reserve");
        h.Complete("email");
        // charge fails without asking to compensate; the workflow fails plainly.
        h.Fail("charge", retryable: false);

        Assert.Equal(InstanceStatus.Failed, h.State!.Status);
        Assert.False(h.State.Steps.ContainsKey("refund"));
        Assert.Null(h.State.Compensation);
    }

    [Fact]
    public void Apply_CompensationConditionFalse_SkipsThatStepVisibly()
    {
        var h = For("""
              steps:
                - { id: a, task: t }
                - { id: b, task: t, depends_on: [a], on_failure: compensate }
              compensation:
                - { id: undo-a, task: undo, undoes: a, condition: "${steps.a.output.from == 'nobody'}" }
                - { id: tidy, task: undo }
            """);
        h.Start();
        h.Complete("a");

        Assert.Equal(["tidy#1"], Dispatched(h.Fail("b", retryable: false)));
        Assert.Equal(StepStatus.Skipped, h.Step("undo-a").Status);
        h.Complete("tidy");
        Assert.Equal(InstanceStatus.Failed, h.State!.Status);
    }

    [Fact]
    public void Apply_TerminateDuringCompensation_StopsIt()
    {
        var h = Failing();
        h.Fail("ship", retryable: false);

        h.Apply(new TerminateRequested(h.Now, "operator"));

        Assert.Equal(InstanceStatus.Terminated, h.State!.Status);
        Assert.Equal(StepStatus.Cancelled, h.Step("refund").Status);
    }

    [Fact]
    public void Apply_RewindAfterCompensation_RunsTheUndoneStepsAgainAndForgetsTheCompensation()
    {
        var h = Failing();
        h.Fail("ship", retryable: false);
        h.Complete("refund");
        h.Complete("unsend");
        h.Complete("release");
        h.Complete("notify");

        var rewound = h.Apply(new RewindRequested(h.Now, "fixed"));

        Assert.Equal(InstanceStatus.Running, h.State!.Status);
        Assert.Null(h.State.Compensation);
        Assert.False(h.State.Steps.ContainsKey("refund"));
        Assert.Equal(["reserve#1"], Dispatched(rewound));
        h.Complete("reserve");
        h.Complete("charge");
        h.Complete("email");
        h.Complete("ship");
        Assert.Equal(InstanceStatus.Completed, h.State.Status);
    }

    [Fact]
    public void Apply_RetryOfACompensatingStepWhileSuspended_RunsOnResume()
    {
        var h = For("""
              steps:
                - { id: a, task: t }
                - { id: b, task: t, depends_on: [a], on_failure: compensate }
              compensation:
                - { id: undo-a, task: undo, undoes: a, retry: { max_attempts: 2, initial_delay: 1s } }
            """);
        h.Start();
        h.Complete("a");
        h.Fail("b", retryable: false);
        h.Fail("undo-a");
        h.Apply(new SuspendRequested(h.Now, "pause"));
        h.Advance(TimeSpan.FromSeconds(5));
        Assert.Empty(Dispatched(h.Fire(TimerId.Retry("undo-a", 2))));

        var resumed = h.Apply(new ResumeRequested(h.Now, "go"));

        Assert.Equal(["undo-a#2"], Dispatched(resumed));
        h.Complete("undo-a", attempt: 2);
        Assert.Equal(InstanceStatus.Failed, h.State!.Status);
    }

    [Fact]
    public void Apply_EventFilter_TakesOnlyTheMatchingEventAndKeepsTheOthers()
    {
        var h = For("""
              steps:
                - id: paid
                  type: event
                  event: payment
                  filter: "${event.order == input.order}"
                  timeout: 1h
            """);
        h.Start(new JsonObject { ["order"] = 42 });

        h.Apply(new EventRaised(h.Now, "payment", new JsonObject { ["order"] = 7 }));
        Assert.Equal(StepStatus.Waiting, h.Step("paid").Status);
        h.Apply(new EventRaised(h.Now, "payment", new JsonObject { ["order"] = 42, ["amount"] = 10 }));

        Assert.Equal(InstanceStatus.Completed, h.State!.Status);
        Assert.Equal(10, h.Step("paid").Output!["amount"]!.GetValue<int>());
        Assert.Equal(7, Assert.Single(h.State.PendingEvents).Data!["order"]!.GetValue<int>());
    }

    [Fact]
    public void Apply_EventFilter_TakesAMatchingEventRaisedBeforeTheWait()
    {
        var h = For("""
              steps:
                - { id: first, task: t }
                - { id: paid, type: event, event: payment, filter: "event.order == 42", depends_on: [first] }
            """);
        h.Start();
        h.Apply(new EventRaised(h.Now, "payment", new JsonObject { ["order"] = 1 }));
        h.Apply(new EventRaised(h.Now, "payment", new JsonObject { ["order"] = 42 }));

        h.Complete("first");

        Assert.Equal(InstanceStatus.Completed, h.State!.Status);
        Assert.Equal(42, h.Step("paid").Output!["order"]!.GetValue<int>());
    }

    [Theory]
    [InlineData("continue", InstanceStatus.Completed)]
    [InlineData("fail", InstanceStatus.Failed)]
    public void Apply_EventTimesOut_OnTimeoutDecides(string onTimeout, InstanceStatus expected)
    {
        var h = For($$"""
              steps:
                - { id: verify, type: event, event: verified, timeout: 24h, on_timeout: {{onTimeout}} }
                - { id: after, task: t, depends_on: [verify] }
            """);
        h.Start();
        h.Advance(TimeSpan.FromHours(24));

        var fired = h.Fire(TimerId.EventTimeout("verify"));

        Assert.Equal(StepStatus.Failed, h.Step("verify").Status);
        Assert.Equal("TimedOut", h.Step("verify").Error!.Code);
        if (expected == InstanceStatus.Completed)
        {
            Assert.Equal(["after#1"], Dispatched(fired));
            h.Complete("after");
        }
        Assert.Equal(expected, h.State!.Status);
    }

    [Fact]
    public void Apply_EventTimesOutWithCompensate_RunsTheCompensation()
    {
        var h = For("""
              steps:
                - { id: create, task: t }
                - { id: verify, type: event, event: verified, timeout: 24h, on_timeout: compensate, depends_on: [create] }
              compensation:
                - { id: delete, task: undo, undoes: create }
            """);
        h.Start();
        h.Complete("create");
        h.Advance(TimeSpan.FromHours(24));

        Assert.Equal(["delete#1"], Dispatched(h.Fire(TimerId.EventTimeout("verify"))));
        h.Complete("delete");

        Assert.Equal(InstanceStatus.Failed, h.State!.Status);
        Assert.Equal("TimedOut", h.State.Error!.Code);
    }
}
