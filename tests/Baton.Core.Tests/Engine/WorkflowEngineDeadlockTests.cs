using Baton.Core.Engine;

namespace Baton.Core.Tests.Engine;

/// <summary>The safety net for a state that could only hang: nothing running, scheduled or awaited, steps still pending.</summary>
public sealed class WorkflowEngineDeadlockTests
{
    [Fact]
    public void Apply_NothingLeftThatCouldStartThePendingSteps_FailsNamingWhatEachWaitsFor()
    {
        var h = EngineHarness.For("""
              steps:
                - { id: a, task: t }
                - { id: c, task: t }
                - { id: b, task: t, depends_on: [c] }
            """);
        h.Start();
        // A state the language never produces: c failed for good while the instance goes on.
        var c = h.Step("c") with { Status = StepStatus.Failed, Error = new ErrorInfo("Lost", "gone") };
        var broken = h.State! with { Steps = h.State.Steps.SetItem("c", c), OpenSteps = h.State.OpenSteps - 1 };

        var r = WorkflowEngine.Apply(h.Plan, broken, new Baton.Core.Engine.Events.TaskCompleted(h.Now, "a", 1, null));

        Assert.Equal(InstanceStatus.Failed, r.State.Status);
        Assert.Equal("Deadlock", r.State.Error!.Code);
        Assert.Contains("b waits for c (failed)", r.State.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Apply_StepStillRunningElsewhere_IsNotADeadlock()
    {
        var h = EngineHarness.For("""
              steps:
                - { id: a, task: t }
                - { id: slow, task: t }
                - { id: b, task: t, depends_on: [slow] }
            """);
        h.Start();

        var r = h.Complete("a");

        Assert.Equal(InstanceStatus.Running, r.State.Status);
    }
}
