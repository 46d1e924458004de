using Baton.Core.Engine.Commands;

namespace Baton.Core.Engine;

internal sealed partial class Transition
{
    /// <summary>Stops the workflow's steps and runs its compensation, one step at a time; the workflow fails with
    /// <paramref name="cause"/> once the last compensating step has ended.</summary>
    /// <remarks>Steps that say what they undo run for the steps that succeeded, the latest completion first (ties: the
    /// later step in the definition first), and are skipped for the others; the steps that name nothing run after
    /// them in the order written. The workflow's own timeout no longer applies: compensation is not cut short.</remarks>
    private void BeginCompensation(ErrorInfo cause)
    {
        CancelOpenSteps();
        _ready.Clear();
        if (_plan.Definition.Config.Timeout is not null)
        {
            Emit(new CancelTimer(TimerId.WorkflowTimeout));
        }
        var compensation = _plan.Definition.Compensation;
        var undoing = compensation
            .Where(c => c.Undoes is { } target && Step(target).Status == StepStatus.Succeeded)
            .OrderByDescending(c => Step(c.Undoes!).CompletedAt)
            .ThenByDescending(c => PlanOf(c.Undoes!).Index)
            .Select(c => c.Id);
        var order = undoing.Concat(compensation.Where(c => c.Undoes is null).Select(c => c.Id)).ToList();
        foreach (var c in compensation)
        {
            AddStep(order.Contains(c.Id, StringComparer.Ordinal)
                ? new StepState(c.Id, StepStatus.Pending)
                : new StepState(c.Id, StepStatus.Skipped, Error: c.Undoes is { } target ? new ErrorInfo("NothingToUndo", $"'{target}' did not succeed.") : null,
                    StartedAt: _at, CompletedAt: _at));
        }
        State = State with { Compensation = new CompensationState(cause, [.. order], []) };
        if (order.Count == 0)
        {
            EndWorkflow(InstanceStatus.Failed, cause);
            return;
        }
        _ready.Enqueue(order[0]);
    }

    /// <summary>Moves the compensation on after one of its steps ended (succeeded, failed for good, or skipped).</summary>
    /// <remarks>A compensating step that fails is recorded and the next one still runs: a saga undoes as much as it can,
    /// and the workflow's error names the compensating steps that failed.</remarks>
    private void CompensationStepEnded(string id)
    {
        if (State.Compensation is not { } c || !c.Pending.Contains(id))
        {
            return;
        }
        var failed = Step(id).Status == StepStatus.Failed ? c.Failed.Add(id) : c.Failed;
        var pending = c.Pending.Remove(id);
        State = State with { Compensation = c with { Pending = pending, Failed = failed } };
        if (!pending.IsEmpty)
        {
            _ready.Enqueue(pending[0]);
            return;
        }
        var outcome = failed.IsEmpty
            ? " The compensation ran."
            : $" The compensation ran, but {string.Join(", ", failed.Select(f => $"'{f}'"))} failed too.";
        EndWorkflow(InstanceStatus.Failed, c.Cause with { Message = c.Cause.Message + outcome });
    }

    /// <summary>Adds a step that is not part of the initial state (a compensating step) and counts it while it is open.</summary>
    private void AddStep(StepState step)
    {
        State = State with
        {
            Steps = State.Steps.SetItem(step.Id, step),
            OpenSteps = State.OpenSteps + (step.Status.IsTerminal() ? 0 : 1),
        };
        if (_changedSet.Add(step.Id))
        {
            _changed.Add(step.Id);
        }
    }
}
