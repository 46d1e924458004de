using System.Text.Json.Nodes;
using Baton.Core.Definitions;
using Baton.Core.Engine.Commands;
using Baton.Core.Engine.Events;
using Baton.Core.Expressions;

namespace Baton.Core.Engine;

internal sealed partial class Transition
{
    public bool OnTaskCompleted(TaskCompleted e)
    {
        if (!IsCurrentAttempt(e.StepId, e.Attempt))
        {
            return false;
        }
        ClearTimeout(e.StepId, e.Attempt);
        if (e.Output is JsonObject { } result && result["next"] is JsonArray { Count: > 0 } next && !AddSteps(e.StepId, next))
        {
            Advance();
            return true;
        }
        Complete(Step(e.StepId) with { Error = null }, e.Output?.DeepClone());
        Advance();
        return true;
    }

    /// <summary>Adds the steps a result's <c>next</c> asks for to the running graph; false (the step failed for good,
    /// saying why) when they are refused.</summary>
    /// <remarks>The entries are recorded in the state in the form they were validated in, with the step that added them,
    /// so the plan is rebuilt the same way on every replay. New steps start pending and are scheduled like any other.</remarks>
    private bool AddSteps(string producer, JsonArray next)
    {
        var problem = _plan.Steps.TryGetValue(producer, out var plan) && plan.Definition.Type == StepType.Task
            ? null : $"Only a task step's result can add steps; '{producer}' is not one.";
        var (specs, extended, problems) = problem is null ? DynamicSteps.Read(_plan.Definition, producer, next) : (null, null, [problem]);
        if (extended is null)
        {
            FailStep(producer, new ErrorInfo("InvalidNextSteps", "The steps the result adds were refused: " + string.Join(" ", problems)), retryable: false);
            return false;
        }
        if (_changedSet.Add(producer))
        {
            _changed.Add(producer); // reported before the steps it added
        }
        var basePlan = _plan;
        _plan = WorkflowPlan.Compile(extended);
        var added = extended.Steps[^(extended.Steps.Length - basePlan.Definition.Steps.Length)..];
        var steps = State.Steps;
        foreach (var step in added)
        {
            steps = steps.Add(step.Id, new StepState(step.Id, StepStatus.Pending));
            _ready.Enqueue(step.Id);
            if (_changedSet.Add(step.Id))
            {
                _changed.Add(step.Id);
            }
        }
        var recorded = State.AddedSteps.Add(new AddedSteps(producer, specs!));
        WorkflowEngine.Remember(recorded, _origin, _plan);
        State = State with { Steps = steps, OpenSteps = State.OpenSteps + added.Length, AddedSteps = recorded };
        return true;
    }

    public bool OnTaskFailed(TaskFailed e)
    {
        if (!IsCurrentAttempt(e.StepId, e.Attempt))
        {
            return false;
        }
        ClearTimeout(e.StepId, e.Attempt);
        FailStep(e.StepId, e.Error, e.Retryable);
        Advance();
        return true;
    }

    public bool OnTaskProgressed(TaskProgressed e)
    {
        if (!IsCurrentAttempt(e.StepId, e.Attempt) || e.Phase is not (TaskProgressed.Started or TaskProgressed.StatusChanged))
        {
            return false;
        }
        var last = Step(e.StepId).Progress;
        if (last is not null && (e.Phase == TaskProgressed.Started || last.Phase == e.Phase && System.Text.Json.Nodes.JsonNode.DeepEquals(last.Data, e.Data)))
        {
            // A start reported after any report, or the last report again: a duplicate or late delivery.
            return false;
        }
        SetStep(Step(e.StepId) with { Progress = new TaskProgress(e.Phase, e.Data?.DeepClone(), _at) });
        return true;
    }

    private bool IsCurrentAttempt(string stepId, int attempt) =>
        State.Steps.TryGetValue(stepId, out var s) && s.Status == StepStatus.Running && s.Attempt == attempt;

    private void ClearTimeout(string stepId, int attempt)
    {
        if (PlanOf(stepId).Definition.Timeout is not null)
        {
            Emit(new CancelTimer(TimerId.Timeout(stepId, attempt)));
        }
    }

    private void Dispatch(StepState step)
    {
        if (step.Progress is not null)
        {
            // A new attempt starts without what the last one reported.
            SetStep(step with { Progress = null });
        }
        var def = PlanOf(step.Id).Definition;
        Emit(new DispatchTask(step.Id, step.Attempt, def.DispatchName!, step.Input?.DeepClone(),
            new AttemptKey(State.InstanceId, step.Id, step.Attempt).ToString(), def.Timeout) { TraceParent = State.TraceParent, Priority = def.Priority });
        if (def.Timeout is { } timeout)
        {
            Emit(new ScheduleTimer(TimerId.Timeout(step.Id, step.Attempt), Instants.Plus(_at, timeout)));
        }
    }

    /// <summary>Records a failed attempt: schedules the next attempt, or fails the step for good.</summary>
    /// <remarks><paramref name="then"/> overrides the step's own <c>on_failure</c> (an event step's <c>on_timeout</c>).</remarks>
    private void FailStep(string id, ErrorInfo error, bool retryable, OnFailure? then = null)
    {
        var step = Step(id);
        var plan = PlanOf(id);
        var stepError = error with { StepId = id };
        var made = State.AttemptsInRun(step);
        if (retryable && made >= 1 && made < plan.Retry.MaxAttempts)
        {
            var due = Instants.Plus(_at, RetryDelay.Compute(plan.Retry, made, State.Seed, id));
            SetStep(step with { Status = StepStatus.WaitingRetry, Error = stepError, DueAt = due });
            Emit(new ScheduleTimer(TimerId.Retry(id, step.Attempt + 1), due));
            return;
        }
        SetStep(step with { Status = StepStatus.Failed, Error = stepError, CompletedAt = _at, DueAt = null });
        if (plan.IsCompensation || IsItem(id))
        {
            OwnedStepEnded(id);
            return;
        }
        var attempts = made > 1 ? $" after {made} attempts" : "";
        var workflowError = stepError with { Message = $"Step '{id}' failed{attempts}: {error.Message}" };
        switch (then ?? plan.Definition.OnFailure)
        {
            case OnFailure.Continue or OnFailure.Goto:
                EnqueueDependents(id);
                break;
            case OnFailure.Compensate:
                BeginCompensation(workflowError);
                break;
            default:
                EndWorkflow(InstanceStatus.Failed, workflowError);
                break;
        }
    }

    /// <summary>Completes a task, workflow, event, for_each or loop step with its result, through the step's <c>output</c> mapping when it has
    /// one (evaluated with <c>output</c> bound to the result); a mapping that cannot be evaluated fails the step for good.</summary>
    private void Complete(StepState step, JsonNode? result)
    {
        if (PlanOf(step.Id).Output is not { } mapping)
        {
            Succeed(step, result);
            return;
        }
        JsonNode? mapped;
        try
        {
            mapped = mapping.Evaluate(BoundContext(step.Id, step.Id, ("output", result)));
        }
        catch (TemplateTreeException ex)
        {
            SetStep(step);
            FailStep(step.Id, new ErrorInfo("ExpressionError", ex.Under("output")), retryable: false);
            return;
        }
        Succeed(step, mapped);
    }
}
