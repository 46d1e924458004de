using System.Text.Json.Nodes;
using Baton.Core.Definitions;
using Baton.Core.Engine.Commands;
using Baton.Core.Engine.Events;
using Baton.Core.Expressions;

namespace Baton.Core.Engine;

internal sealed partial class Transition
{
    public bool OnEventRaised(EventRaised e)
    {
        var raised = new RaisedEvent(e.Name, e.Data, _at);
        var waiting = _plan.Definition.Steps
            .Where(s => s.Type == StepType.Event && s.EventName == e.Name && Step(s.Id).Status == StepStatus.Waiting && Matches(s.Id, raised))
            .Select(s => s.Id)
            .FirstOrDefault();
        if (waiting is null)
        {
            State = State with { PendingEvents = State.PendingEvents.Add(new RaisedEvent(e.Name, e.Data?.DeepClone(), _at)) };
            return true;
        }
        ReceiveEvent(Step(waiting), e.Data);
        Advance();
        return true;
    }

    public bool OnSuspend()
    {
        if (State.Status != InstanceStatus.Running)
        {
            return false;
        }
        State = State with { Status = InstanceStatus.Suspended };
        return true;
    }

    public bool OnResume()
    {
        if (State.Status != InstanceStatus.Suspended)
        {
            return false;
        }
        State = State with { Status = InstanceStatus.Running };
        // Timers that fired while suspended were consumed without effect: re-arm those not yet due.
        foreach (var step in LiveSteps().Where(s => s.DueAt > _at))
        {
            switch (step.Status)
            {
                case StepStatus.WaitingRetry:
                    Emit(new ScheduleTimer(TimerId.Retry(step.Id, step.Attempt + 1), step.DueAt!.Value));
                    break;
                case StepStatus.Waiting when PlanOf(step.Id).Definition.Type == StepType.Wait:
                    Emit(new ScheduleTimer(TimerId.Wait(step.Id), step.DueAt!.Value));
                    break;
            }
        }
        foreach (var step in LiveSteps().Where(s => s.DueAt <= _at).ToList())
        {
            switch (step.Status)
            {
                case StepStatus.WaitingRetry:
                    var next = step with { Status = StepStatus.Running, Attempt = step.Attempt + 1, DueAt = null };
                    SetStep(next);
                    Dispatch(next);
                    break;
                case StepStatus.Waiting when PlanOf(step.Id).Definition.Type == StepType.Wait:
                    Succeed(step, new JsonObject { ["waited_until"] = step.DueAt?.ToString("O") });
                    break;
            }
        }
        foreach (var s in _plan.Definition.Steps.Where(s => Step(s.Id).Status == StepStatus.Pending))
        {
            _ready.Enqueue(s.Id);
        }
        if (State.Compensation is { Pending: [var head, ..] } && Step(head).Status == StepStatus.Pending)
        {
            _ready.Enqueue(head);
        }
        foreach (var forEach in State.FanOuts.Keys.Where(f => Step(f).Status == StepStatus.Running).ToList())
        {
            StartItems(forEach);
        }
        Advance();
        return true;
    }

    /// <summary>The instance's steps in definition order, compensating steps included once they exist.</summary>
    private IEnumerable<StepState> LiveSteps() =>
        _plan.Definition.Steps.SelectMany(s => ItemIds(s.Id).Prepend(s.Id))
            .Concat(_plan.Definition.Compensation.Select(s => s.Id))
            .Where(State.Steps.ContainsKey).Select(Step);

    public static EngineResult Rewind(WorkflowPlan plan, InstanceState state, RewindRequested e)
    {
        // A compensated run starts over from what the compensation undid: those steps run again, and the compensating
        // steps leave the state until a compensation is needed again.
        var undone = plan.Definition.Compensation
            .Where(c => c.Undoes is not null && state.Steps.GetValueOrDefault(c.Id)?.Status == StepStatus.Succeeded)
            .Select(c => c.Undoes!).ToHashSet(StringComparer.Ordinal);
        // A for_each that did not succeed runs again from its list: its items leave the state with it.
        var rerun = state.FanOuts.Keys.Where(f => state.Steps[f].Status is StepStatus.Failed or StepStatus.Cancelled).ToList();
        var t = new Transition(plan, state with
        {
            Status = InstanceStatus.Running,
            Error = null,
            CompletedAt = null,
            Compensation = null,
            Steps = state.Steps.RemoveRange(plan.Definition.Compensation.Select(c => c.Id))
                .RemoveRange(rerun.SelectMany(f => Enumerable.Range(0, state.FanOuts[f].Count).Select(i => ItemId(f, i)))),
            FanOuts = state.FanOuts.RemoveRange(rerun),
        }, e.At);
        foreach (var s in plan.Definition.Steps)
        {
            var step = t.Step(s.Id);
            if (step.Status == StepStatus.Cancelled || undone.Contains(s.Id)
                || step.Status == StepStatus.Failed && s.OnFailure is not (OnFailure.Continue or OnFailure.Goto) && !(s.Type == StepType.Event && s.OnTimeout == OnTimeout.Continue))
            {
                t.State = t.State with { OpenSteps = t.State.OpenSteps + 1 };
                t.SetStep(new StepState(s.Id, StepStatus.Pending));
            }
        }
        if (plan.Definition.Config.Timeout is { } timeout)
        {
            t.Emit(new ScheduleTimer(TimerId.WorkflowTimeout, Instants.Plus(e.At, timeout)));
        }
        foreach (var s in plan.Definition.Steps.Where(s => t.Step(s.Id).Status == StepStatus.Pending))
        {
            t._ready.Enqueue(s.Id);
        }
        t.Advance();
        return t.Result();
    }

    /// <summary>Starts an event step: takes a matching event raised earlier, or waits for one.</summary>
    private void StartEventWait(StepPlan plan, StepState started)
    {
        var name = plan.Definition.EventName!;
        var index = State.PendingEvents.FindIndex(p => p.Name == name && Matches(started.Id, p));
        if (index >= 0)
        {
            var raised = State.PendingEvents[index];
            State = State with { PendingEvents = State.PendingEvents.RemoveAt(index) };
            Complete(started, raised.Data?.DeepClone());
            return;
        }
        var due = plan.Definition.Timeout is { } timeout ? Instants.Plus(_at, timeout) : (DateTimeOffset?)null;
        SetStep(started with { Status = StepStatus.Waiting, DueAt = due });
        if (due is { } d)
        {
            Emit(new ScheduleTimer(TimerId.EventTimeout(started.Id), d));
        }
    }

    /// <summary>True when an event satisfies the step's filter (always, without one).</summary>
    /// <remarks>A filter that cannot be evaluated for an event (a type error, say) does not match it: the event stays
    /// for another waiter and the step keeps waiting until its timeout.</remarks>
    private bool Matches(string stepId, RaisedEvent raised)
    {
        if (PlanOf(stepId).Filter is not { } filter)
        {
            return true;
        }
        try
        {
            return Values.Truthy(filter.Evaluate(Context(stepId, raised)));
        }
        catch (ExpressionException)
        {
            return false;
        }
    }

    private void ReceiveEvent(StepState step, JsonNode? data)
    {
        if (PlanOf(step.Id).Definition.Timeout is not null)
        {
            Emit(new CancelTimer(TimerId.EventTimeout(step.Id)));
        }
        Complete(step with { DueAt = null }, data?.DeepClone());
    }
}
