using Baton.Core.Definitions;
using Baton.Core.Engine.Commands;
using Baton.Core.Engine.Events;

namespace Baton.Core.Engine;

internal sealed partial class Transition
{
    public bool OnTimerFired(TimerFired e)
    {
        var (kind, stepId, attempt) = (e.TimerId.Kind, e.TimerId.StepId, e.TimerId.Attempt);
        if (kind == TimerKind.WorkflowTimeout)
        {
            var limit = _plan.Definition.Config.Timeout is { } t ? Duration.Format(t) : "?";
            EndWorkflow(InstanceStatus.Failed, new ErrorInfo("TimedOut", $"The workflow did not finish within its timeout of {limit}."));
            return true;
        }
        if (stepId is null || !State.Steps.TryGetValue(stepId, out var step))
        {
            return false;
        }
        if (State.Status == InstanceStatus.Suspended && kind is TimerKind.Retry or TimerKind.Wait)
        {
            // Nothing new starts while suspended; resuming starts whatever came due meanwhile.
            return false;
        }
        switch (kind)
        {
            case TimerKind.EventTimeout when step.Status == StepStatus.Waiting:
                var waiting = PlanOf(stepId).Definition;
                var wait = waiting.Timeout is { } w ? Duration.Format(w) : "?";
                FailStep(stepId, new ErrorInfo("TimedOut", $"No '{waiting.EventName}' event{(waiting.Filter is null ? "" : " matching the filter")} arrived within {wait}."),
                    retryable: false, waiting.OnTimeout switch
                    {
                        OnTimeout.Continue => OnFailure.Continue,
                        OnTimeout.Compensate => OnFailure.Compensate,
                        OnTimeout.Goto => OnFailure.Goto,
                        _ => OnFailure.Fail,
                    });
                Advance();
                return true;
            case TimerKind.Retry when step.Status == StepStatus.WaitingRetry && step.Attempt + 1 == attempt:
                var next = step with { Status = StepStatus.Running, Attempt = attempt, DueAt = null };
                SetStep(next);
                Dispatch(next);
                return true;
            case TimerKind.Timeout when step.Status == StepStatus.Running && step.Attempt == attempt:
                Emit(new CancelTask(stepId, attempt));
                var limit = PlanOf(stepId).Definition.Timeout is { } t ? Duration.Format(t) : "?";
                FailStep(stepId, new ErrorInfo("TimedOut", $"Attempt {attempt} did not finish within {limit}."), retryable: true);
                Advance();
                return true;
            case TimerKind.Wait when step.Status == StepStatus.Waiting:
                Succeed(step, new System.Text.Json.Nodes.JsonObject { ["waited_until"] = step.DueAt?.ToString("O") });
                Advance();
                return true;
            default:
                return false;
        }
    }
}
