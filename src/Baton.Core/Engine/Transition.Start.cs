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
        foreach (var id in plan.Definition.Steps.Select(s => s.Id))
        {
            t._changed.Add(id);
            t._changedSet.Add(id);
        }
        try
        {
            var variables = plan.Variables.Evaluate(t.Context("variables"));
            t.State = t.State with { Variables = variables as System.Text.Json.Nodes.JsonObject ?? [] };
        }
        catch (TemplateTreeException ex)
        {
            t.EndWorkflow(InstanceStatus.Failed, new ErrorInfo("ExpressionError", ex.Under("spec.variables")));
            return t.Result();
        }
        if (plan.Definition.Config.Timeout is { } timeout)
        {
            t.Emit(new ScheduleTimer(TimerIds.WorkflowTimeout, e.At + timeout));
        }
        foreach (var root in plan.Roots)
        {
            t._ready.Enqueue(root);
        }
        t.Advance();
        return t.Result();
    }

    public bool OnTerminate(TerminateRequested e)
    {
        EndWorkflow(InstanceStatus.Terminated, new ErrorInfo("Terminated", e.Reason));
        return true;
    }
}
