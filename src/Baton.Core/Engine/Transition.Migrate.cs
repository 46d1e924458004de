using System.Text.Json.Nodes;
using Baton.Core.Engine.Commands;
using Baton.Core.Engine.Events;
using Baton.Core.Expressions;

namespace Baton.Core.Engine;

internal sealed partial class Transition
{
    /// <summary>Moves an instance to the plan of another version (<paramref name="plan"/>); the result, or why the instance
    /// cannot move by what its state and the new plan alone say (the meaning of its steps is <see cref="Migration.Check"/>'s).</summary>
    /// <remarks>Steps that finished or run keep their state; top-level steps the new plan leaves out go when they had not
    /// started or were skipped; steps it adds are pending; variables it adds take their declared values (those there keep
    /// theirs); its workflow timeout, if any, counts from now, and none cancels the old one. Then every pending step whose
    /// dependencies are done starts, as after a resume, and the instance completes when nothing is left open.</remarks>
    public static (EngineResult? Result, string? Problem) Migrate(WorkflowPlan plan, InstanceState state, InstanceMigrated e)
    {
        var meta = plan.Definition.Metadata;
        var problem = state switch
        {
            { Status: not InstanceStatus.Running } => $"The instance is {state.Status.ToString().ToLowerInvariant()}: only a running instance migrates" +
                (state.Status == InstanceStatus.Suspended ? "; resume it first." : "."),
            _ when meta.Name != state.WorkflowName => $"Version {meta.Version} is a version of workflow '{meta.Name}'; the instance runs '{state.WorkflowName}'.",
            _ when e.FromVersion != state.WorkflowVersion => $"The instance runs version {state.WorkflowVersion}, not {e.FromVersion}.",
            _ when e.ToVersion != meta.Version => $"The definition given is version {meta.Version}, not {e.ToVersion}.",
            { AddedSteps.IsEmpty: false } => "Steps were added to the instance at run time; no version of the definition accounts for them.",
            { Compensation: not null } => "The instance is compensating; let the compensation end first.",
            _ => state.Steps.Values.Where(s => !IsItem(s.Id) && s.Status is not (StepStatus.Pending or StepStatus.Skipped) && !plan.Steps.ContainsKey(s.Id))
                .OrderBy(s => s.Id, StringComparer.Ordinal)
                .Select(s => $"Step '{s.Id}' is {s.Status.ToWireName()}, and version {meta.Version} has no step '{s.Id}'.").FirstOrDefault(),
        };
        if (problem is not null)
        {
            return (null, problem);
        }
        var kept = plan.Definition.Steps.Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        var dropped = state.Steps.Keys.Where(id => !(IsItem(id) ? kept.Contains(ParseItem(id).ForEachId) : kept.Contains(id))).ToList();
        var added = plan.Definition.Steps.Where(s => !state.Steps.ContainsKey(s.Id)).Select(s => new StepState(s.Id, StepStatus.Pending)).ToList();
        var t = new Transition(plan, state with
        {
            WorkflowVersion = meta.Version,
            Definition = e.ToDefinition,
            Steps = state.Steps.RemoveRange(dropped).SetItems(added.Select(s => KeyValuePair.Create(s.Id, s))),
            OpenSteps = state.OpenSteps - dropped.Count(id => !state.Steps[id].Status.IsTerminal()) + added.Count,
        }, e.At);
        try
        {
            if (plan.Variables.Evaluate(t.Context("variables")) is JsonObject declared)
            {
                var variables = (JsonObject)state.Variables.DeepClone();
                foreach (var (name, value) in declared.Where(v => !state.Variables.ContainsKey(v.Key)).ToList())
                {
                    variables[name] = value?.DeepClone();
                }
                t.State = t.State with { Variables = variables };
            }
        }
        catch (TemplateTreeException ex)
        {
            return (null, $"Version {meta.Version}'s variables cannot be evaluated for the instance: {ex.Under("spec.variables")}");
        }
        t.Emit(plan.Definition.Config.Timeout is { } timeout
            ? new ScheduleTimer(TimerId.WorkflowTimeout, Instants.Plus(e.At, timeout))
            : new CancelTimer(TimerId.WorkflowTimeout));
        foreach (var s in plan.Definition.Steps)
        {
            if (t._changedSet.Add(s.Id))
            {
                t._changed.Add(s.Id);
            }
            if (t.Step(s.Id).Status == StepStatus.Pending)
            {
                t._ready.Enqueue(s.Id);
            }
        }
        t.Advance();
        return (t.Result(), null);
    }
}
