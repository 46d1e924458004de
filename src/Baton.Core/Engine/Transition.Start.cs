using Baton.Core.Engine.Commands;
using Baton.Core.Engine.Events;
using Baton.Core.Expressions;

namespace Baton.Core.Engine;

internal sealed partial class Transition
{
    public static EngineResult Start(WorkflowPlan plan, InstanceStarted e)
    {
        var meta = plan.Definition.Metadata;
        var state = new InstanceState(e.InstanceId, meta.Name, meta.Version, InstanceStatus.Running, e.Input?.DeepClone(),
            [], e.Env, e.Seed, InitialSteps(plan), null, null, e.At, e.At, null, -1, plan.Definition.Steps.Length) { TraceParent = e.TraceParent };
        var t = new Transition(plan, state, e.At);
        t.Begin();
        t.Advance();
        return t.Result();
    }

    /// <summary>Starts a run: every step counts as changed, variables are evaluated, the workflow timeout is set and the
    /// root steps are ready. Advancing is left to the caller.</summary>
    private void Begin()
    {
        foreach (var id in _plan.Definition.Steps.Select(s => s.Id))
        {
            if (_changedSet.Add(id))
            {
                _changed.Add(id);
            }
        }
        try
        {
            var variables = _plan.Variables.Evaluate(Context("variables"));
            State = State with { Variables = variables as System.Text.Json.Nodes.JsonObject ?? [] };
        }
        catch (TemplateTreeException ex)
        {
            EndWorkflow(InstanceStatus.Failed, new ErrorInfo("ExpressionError", ex.Under("spec.variables")));
            return;
        }
        if (_plan.Definition.Config.Timeout is { } timeout)
        {
            Emit(new ScheduleTimer(TimerId.WorkflowTimeout, Instants.Plus(_at, timeout)));
        }
        foreach (var root in _plan.Roots)
        {
            _ready.Enqueue(root);
        }
    }

    public bool OnTerminate(TerminateRequested e)
    {
        EndWorkflow(InstanceStatus.Terminated, new ErrorInfo("Terminated", e.Reason));
        return true;
    }
}
