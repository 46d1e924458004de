using System.Text.Json.Nodes;
using Baton.Core.Definitions;
using Baton.Core.Engine.Commands;
using Baton.Core.Expressions;

namespace Baton.Core.Engine;

internal sealed partial class Transition
{
    /// <summary>Evaluates the output mapping and completes the instance, or fails it if the output is invalid.</summary>
    /// <remarks>Without a mapping the output is an object of the outputs of the steps nothing depends on.</remarks>
    private void CompleteWorkflow()
    {
        JsonNode? output;
        try
        {
            output = _plan.Output is { } mapping ? mapping.Evaluate(Context("output")) : LeafOutputs();
        }
        catch (TemplateTreeException ex)
        {
            EndWorkflow(InstanceStatus.Failed, new ErrorInfo("ExpressionError", ex.Under("spec.output.mapping")));
            return;
        }
        if (_plan.OutputSchema is { } schema && JsonSchemas.Validate(schema, output) is { Count: > 0 } problems)
        {
            EndWorkflow(InstanceStatus.Failed, new ErrorInfo("OutputSchemaViolation",
                $"The output does not match spec.output.schema: {string.Join("; ", problems)}"));
            return;
        }
        State = State with { Output = output };
        EndWorkflow(InstanceStatus.Completed, null);
    }

    private JsonObject LeafOutputs()
    {
        var result = new JsonObject();
        foreach (var step in _plan.Definition.Steps.Where(s => PlanOf(s.Id).Dependents.IsEmpty))
        {
            if (Step(step.Id) is { Status: StepStatus.Succeeded } s)
            {
                result[step.Id] = s.Output?.DeepClone();
            }
        }
        return result;
    }

    /// <summary>Puts the instance in a final status and cancels whatever is still open.</summary>
    private void EndWorkflow(InstanceStatus status, ErrorInfo? error)
    {
        CancelOpenSteps();
        if (_plan.Definition.Config.Timeout is not null)
        {
            Emit(new CancelTimer(TimerId.WorkflowTimeout));
        }
        State = State with { Status = status, Error = error, CompletedAt = _at };
        _ready.Clear();
        Emit(new InstanceFinished(status, State.Output?.DeepClone(), error));
    }

    /// <summary>Cancels one step that has not finished: its running attempt, pending retry or wait timer, and its status.</summary>
    private void Cancel(StepState step)
    {
        switch (step.Status)
        {
            case StepStatus.Running:
                Emit(new CancelTask(step.Id, step.Attempt));
                ClearTimeout(step.Id, step.Attempt);
                break;
            case StepStatus.WaitingRetry:
                Emit(new CancelTimer(TimerId.Retry(step.Id, step.Attempt + 1)));
                break;
            case StepStatus.Waiting when PlanOf(step.Id).Definition.Type == StepType.Wait:
                Emit(new CancelTimer(TimerId.Wait(step.Id)));
                break;
            case StepStatus.Waiting when PlanOf(step.Id).Definition.Timeout is not null:
                Emit(new CancelTimer(TimerId.EventTimeout(step.Id)));
                break;
        }
        SetStep(step with { Status = StepStatus.Cancelled, CompletedAt = _at, DueAt = null });
    }

    /// <summary>Cancels every step that has not finished: running attempts, pending retries, waits, and steps not started.</summary>
    private void CancelOpenSteps()
    {
        if (State.OpenSteps > 0)
        {
            foreach (var step in State.Steps.Values.Where(s => !s.Status.IsTerminal()).OrderBy(s => PlanOf(s.Id).Index)
                .ThenBy(s => IsItem(s.Id) ? ParseItem(s.Id).Index : -1).ToList())
            {
                Cancel(step);
            }
        }
    }
}
