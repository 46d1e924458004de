using Baton.Core.Engine.Events;

namespace Baton.Core.Engine;

/// <summary>The pure state machine: applies one event to an instance's state and says what to do next.</summary>
/// <remarks>Deterministic and free of clocks, randomness and I/O: the same plan, state and event always give the
/// same result. The given state is never altered. A duplicate, late or stale event yields
/// <see cref="EngineResult.Accepted"/> false and changes nothing.</remarks>
public static class WorkflowEngine
{
    /// <summary>Applies one event.</summary>
    /// <param name="plan">The compiled workflow the instance runs: the plan of <see cref="InstanceState.Definition"/> when set, else the one
    /// it started with; for an <see cref="InstanceMigrated"/>, the plan it moves to.</param>
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
            return state.Status == InstanceStatus.Failed ? Transition.Rewind(PlanFor(plan, state), state, rewind) : EngineResult.Ignored(state);
        }
        if (e is InstanceMigrated migrated)
        {
            // Applied with the plan it moves to (see InstanceMigrated); refused, like any stale event, when the state does not fit it.
            return Transition.Migrate(plan, state, migrated).Result ?? EngineResult.Ignored(state);
        }
        if (state.IsTerminal)
        {
            return EngineResult.Ignored(state);
        }
        if (e is TimerFired fired)
        {
            if (fired.TimerId.Generation != state.Generation)
            {
                return EngineResult.Ignored(state);
            }
            e = fired with { TimerId = fired.TimerId.InGeneration(0) };
        }
        var t = new Transition(PlanFor(plan, state), state, e.At, plan);
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

    /// <summary>The plan an instance runs now: the workflow's, with the steps task results added (<see cref="InstanceState.AddedSteps"/>).</summary>
    /// <remarks>Hosts that look up a step's definition by id use this, so added steps are found. Rebuilt once per list of
    /// added steps and remembered beside it.</remarks>
    public static WorkflowPlan PlanFor(WorkflowPlan plan, InstanceState state)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(state);
        if (state.AddedSteps.IsEmpty)
        {
            return plan;
        }
        if (Extended.TryGetValue(state.AddedSteps, out var known) && ReferenceEquals(known.Base, plan))
        {
            return known.Plan;
        }
        var extended = WorkflowPlan.Compile(Definitions.DynamicSteps.Apply(plan.Definition, state.AddedSteps.Select(a => (a.Producer, a.Specs))));
        Remember(state.AddedSteps, plan, extended);
        return extended;
    }

    /// <summary>Remembers the plan built for a list of added steps, so the next event on the same state need not rebuild it.</summary>
    internal static void Remember(System.Collections.Immutable.ImmutableList<AddedSteps> added, WorkflowPlan basePlan, WorkflowPlan extended) =>
        Extended.AddOrUpdate(added, new ExtendedPlan(basePlan, extended));

    // Memoization only: the plan is a function of the base plan and the added steps, so the result is the same with or without it.
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<System.Collections.Immutable.ImmutableList<AddedSteps>, ExtendedPlan> Extended = [];

    private sealed record ExtendedPlan(WorkflowPlan Base, WorkflowPlan Plan);
}
