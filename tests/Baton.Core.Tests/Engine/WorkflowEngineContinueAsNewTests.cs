using System.Text.Json.Nodes;
using Baton.Core.Engine;
using Baton.Core.Engine.Commands;
using Baton.Core.Engine.Events;
using static Baton.Core.Tests.Engine.EngineHarness;

namespace Baton.Core.Tests.Engine;

public sealed class WorkflowEngineContinueAsNewTests
{
    // Counts to input.until, one run per number; each run polls once and then pauses a minute.
    private static EngineHarness Counter(string extra = "") => For($$"""
          steps:
            - { id: poll, task: read, input: { n: "${input.n}" }, retry: { max_attempts: 2, initial_delay: 1s } }
            - { id: pause, type: wait, duration: 1m, depends_on: [poll] }
            - id: again
              type: continue_as_new
              depends_on: [pause]
              condition: ${input.n < input.until}
              input: { n: "${input.n + 1}", until: "${input.until}" }
            {{extra}}
          output:
            mapping: { last: "${input.n}" }
        """);

    private static JsonObject Input(int n, int until) => new() { ["n"] = n, ["until"] = until };

    // Starts a counter to 5 and takes its first run to the restart.
    private static EngineResult RunOnce(EngineHarness h)
    {
        h.Start(Input(0, 5));
        h.Complete("poll");
        h.Advance(TimeSpan.FromMinutes(1));
        return h.Fire("wait:pause");
    }

    [Fact]
    public void Apply_ContinueAsNewReached_StartsTheNextRunWithTheStepsInput()
    {
        var h = Counter();
        h.Start(Input(0, 2));
        h.Complete("poll");
        h.Advance(TimeSpan.FromMinutes(1));

        var restarted = h.Fire("wait:pause");

        var continued = Assert.Single(restarted.Commands.OfType<InstanceContinued>());
        Assert.Equal(1, continued.Generation);
        Assert.Equal("""{"n":1,"until":2}""", continued.Input!.ToJsonString());
        Assert.Equal(1, h.State!.Generation);
        Assert.Equal(InstanceStatus.Running, h.State.Status);
        Assert.Equal("""{"n":1,"until":2}""", h.State.Input!.ToJsonString());
        // The new run's first attempt is numbered after the old run's, so its idempotency key is new.
        var dispatch = Assert.Single(Dispatches(restarted));
        Assert.Equal(("poll", 2, "i-1/poll/2"), (dispatch.StepId, dispatch.Attempt, dispatch.IdempotencyKey));
        Assert.Equal("""{"n":1}""", dispatch.Input!.ToJsonString());
        Assert.Equal(StepStatus.Pending, h.Step("pause").Status);
        Assert.Equal(StepStatus.Pending, h.Step("again").Status);
        Assert.Equal(["again", "pause", "poll"], restarted.ChangedSteps.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Apply_CounterRunsThreeTimes_CompletesWithTheLastRunsOutput()
    {
        var h = Counter();
        h.Start(Input(0, 2));
        for (var run = 0; run < 3; run++)
        {
            h.Complete("poll", attempt: run + 1);
            h.Advance(TimeSpan.FromMinutes(1));
            h.Fire(TimerId.Wait("pause").InGeneration(run));
        }

        Assert.Equal(InstanceStatus.Completed, h.State!.Status);
        Assert.Equal(2, h.State.Generation);
        Assert.Equal("""{"last":2}""", h.State.Output!.ToJsonString());
        Assert.Equal(StepStatus.Skipped, h.Step("again").Status);
    }

    [Fact]
    public void Apply_LateResultOfTheOldRunsAttempt_IsRefused()
    {
        var h = Counter("- { id: slow, task: slow, input: {} }");
        var restarted = RunOnce(h);
        Assert.Contains(restarted.Commands, c => c is CancelTask { StepId: "slow", Attempt: 1 });
        Assert.Equal(2, h.Step("slow").Attempt);

        var late = h.Complete("slow", attempt: 1);

        Assert.False(late.Accepted);
        Assert.Equal(StepStatus.Running, h.Step("slow").Status);
    }

    [Fact]
    public void Apply_TimerOfTheOldRunFiresLate_ChangesNothing()
    {
        var h = Counter();
        RunOnce(h);
        h.Complete("poll", attempt: 2);

        var stale = h.Fire("wait:pause");
        var current = h.Fire("g1/wait:pause");

        Assert.False(stale.Accepted);
        Assert.True(current.Accepted);
        Assert.Equal(2, h.State!.Generation);
    }

    [Fact]
    public void Apply_NewRun_SchedulesItsTimersUnderItsGeneration()
    {
        var h = Counter();
        RunOnce(h);

        var polled = h.Complete("poll", attempt: 2);

        Assert.Equal("g1/wait:pause", Assert.Single(polled.Commands.OfType<ScheduleTimer>()).TimerId.ToString());
    }

    [Fact]
    public void Apply_RetryInTheNewRun_CountsAttemptsWithinTheRun()
    {
        var h = Counter();
        RunOnce(h);

        var first = h.Fail("poll", attempt: 2);
        Assert.Equal("g1/retry:poll:3", Assert.Single(first.Commands.OfType<ScheduleTimer>()).TimerId.ToString());
        h.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(["poll#3"], Dispatched(h.Fire("g1/retry:poll:3")));
        h.Fail("poll", attempt: 3);

        Assert.Equal(InstanceStatus.Failed, h.State!.Status);
        Assert.Contains("after 2 attempts", h.State.Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Apply_ContinueAsNewTwiceInOneEvent_FailsTheStepInsteadOfLooping()
    {
        var h = For("""
              steps:
                - { id: again, type: continue_as_new, input: { n: "${input.n + 1}" } }
            """);

        var started = h.Start(new JsonObject { ["n"] = 0 });

        Assert.Equal(InstanceStatus.Failed, started.State.Status);
        Assert.Equal("ContinueAsNewLoop", started.State.Error!.Code);
        Assert.Equal(1, started.State.Generation);
    }

    [Fact]
    public void Apply_WorkflowTimeout_RestartsWithEachRun()
    {
        var h = For("""
              config: { timeout: 10m }
              steps:
                - { id: poll, task: read, input: {} }
                - { id: again, type: continue_as_new, depends_on: [poll], condition: "${input == null}", input: { second: true } }
            """);
        h.Start();
        h.Advance(TimeSpan.FromMinutes(5));

        var restarted = h.Complete("poll");

        Assert.Contains(restarted.Commands, c => c is CancelTimer cancel && cancel.TimerId == TimerId.WorkflowTimeout);
        var timeout = Assert.Single(restarted.Commands.OfType<ScheduleTimer>());
        Assert.Equal((TimerId.WorkflowTimeout.InGeneration(1), h.Now + TimeSpan.FromMinutes(10)), (timeout.TimerId, timeout.DueAt));
        Assert.False(h.Fire(TimerId.WorkflowTimeout).Accepted);
    }

    [Fact]
    public void Apply_EventRaisedBeforeTheRestart_IsKeptForTheNextRun()
    {
        var h = For("""
              steps:
                - { id: first, task: read, input: {} }
                - { id: again, type: continue_as_new, depends_on: [first], condition: "${input == null}", input: { second: true } }
                - { id: approval, type: event, event: approve, condition: "${input != null}" }
            """);
        h.Start();
        h.Apply(new EventRaised(h.Now, "approve", new JsonObject { ["by"] = "ada" }));

        h.Complete("first");
        h.Complete("first", attempt: 2);

        Assert.Equal(InstanceStatus.Completed, h.State!.Status);
        Assert.Equal("""{"by":"ada"}""", h.Step("approval").Output!.ToJsonString());
    }
}
