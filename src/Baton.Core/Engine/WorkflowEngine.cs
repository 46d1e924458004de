using Baton.Core.Engine.Events;

namespace Baton.Core.Engine;

/// <summary>The pure state machine: applies one event to an instance's state and says what to do next.</summary>
/// <remarks>Deterministic and free of clocks, randomness and I/O: the same plan, state and event always give the
/// same result. The given state is never altered. A duplicate, late or stale event yields
/// <see cref="EngineResult.Accepted"/> false and changes nothing.</remarks>
public static class WorkflowEngine
{
    /// <summary>Applies one event.</summary>
    /// <param name="plan">The compiled workflow the instance runs.</param>
    /// <param name="state">The instance's current state; null only before <see cref="InstanceStarted"/>.</param>
    /// <param name="e">The event to apply.</param>
    public static EngineResult Apply(WorkflowPlan plan, InstanceState? state, WorkflowEvent e)
    {
        if (e is InstanceStarted started)
        {
            return state is null ? Transition.Start(plan, started) : EngineResult.Ignored(state);
        }
        if (state is null)
        {
            throw new InvalidOperationException($"{e.GetType().Name} arrived for an instance that was never started.");
        }
        if (e is RewindRequested rewind)
        {
            return state.Status == InstanceStatus.Failed ? Transition.Rewind(plan, state, rewind) : EngineResult.Ignored(state);
        }
        if (state.IsTerminal)
        {
            return EngineResult.Ignored(state);
        }
        var t = new Transition(plan, state, e.At);
        var accepted = e switch
        {
            TaskCompleted c => t.OnTaskCompleted(c),
            TaskFailed f => t.OnTaskFailed(f),
            TaskProgressed p => t.OnTaskProgressed(p),
            TimerFired timer => t.OnTimerFired(timer),
            TerminateRequested r => t.OnTerminate(r),
            EventRaised raised => t.OnEventRaised(raised),
            SuspendRequested => t.OnSuspend(),
            ResumeRequested => t.OnResume(),
            _ => false,
        };
        return accepted ? t.Result() : EngineResult.Ignored(state);
    }
}
