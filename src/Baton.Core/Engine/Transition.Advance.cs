using System.Globalization;
using System.Text.Json.Nodes;
using Baton.Core.Definitions;
using Baton.Core.Engine.Commands;
using Baton.Core.Expressions;

namespace Baton.Core.Engine;

internal sealed partial class Transition
{
    /// <summary>Starts every step whose dependencies are satisfied, until nothing more can start.</summary>
    /// <remarks>The skip rule: a dependency is satisfied when it succeeded, was skipped, or failed with
    /// <c>on_failure: continue</c>. A skipped step's output is null.</remarks>
    private void Advance()
    {
        while (State.Status == InstanceStatus.Running && _ready.TryDequeue(out var id))
        {
            var step = Step(id);
            var plan = PlanOf(id);
            if (step.Status != StepStatus.Pending || !AllSatisfied(plan.Definition.DependsOn))
            {
                continue;
            }
            if (WhyNot(plan, id) is { } why)
            {
                SetStep(step with { Status = StepStatus.Skipped, StartedAt = _at, CompletedAt = _at, Error = why });
                EnqueueDependents(id);
                continue;
            }
            if (plan.Condition is { } condition)
            {
                bool run;
                try
                {
                    run = Values.Truthy(condition.Evaluate(Context(id)));
                }
                catch (ExpressionException ex)
                {
                    SetStep(step with { StartedAt = _at });
                    FailStep(id, new ErrorInfo("ExpressionError", $"condition: {ex.Message}"), retryable: false);
                    continue;
                }
                if (!run)
                {
                    SetStep(step with { Status = StepStatus.Skipped, StartedAt = _at, CompletedAt = _at });
                    EnqueueDependents(id);
                    OwnedStepEnded(id);
                    continue;
                }
            }
            StartStep(plan, step);
        }
        if (State.Status == InstanceStatus.Running && State.OpenSteps == 0 && State.Compensation is null)
        {
            CompleteWorkflow();
        }
        else if (State.Status == InstanceStatus.Running && State.Compensation is null && !_commands.Any(c => c is DispatchTask or ScheduleTimer) && Stuck() is { } blocked)
        {
            EndWorkflow(InstanceStatus.Failed, new ErrorInfo("Deadlock",
                $"Nothing is running, scheduled or awaited, yet steps cannot start: {blocked}. The workflow can never finish, so it fails."));
        }
    }

    /// <summary>What each pending step waits for, when no step is running, waiting or due to retry; null otherwise.</summary>
    /// <remarks>Looked at only after a transition that started nothing (a sequence's next step, a retry or a timer all do),
    /// and it stops at the first step that is still active, so it costs little where work goes on. A workflow the
    /// language accepts should never get here; this turns a state that would hang into a failure that says why.</remarks>
    private string? Stuck()
    {
        if (State.Steps.Values.Any(s => s.Status is StepStatus.Running or StepStatus.Waiting or StepStatus.WaitingRetry))
        {
            return null;
        }
        var pending = State.Steps.Values.Where(s => s.Status == StepStatus.Pending && !PlanOf(s.Id).IsCompensation).OrderBy(s => s.Id, StringComparer.Ordinal).ToList();
        return pending.Count == 0 ? null : string.Join("; ", pending.Select(s =>
            $"{s.Id} waits for " + string.Join(", ", PlanOf(s.Id).Definition.DependsOn.Select(d => $"{d} ({Step(d).Status.ToWireName()})"))));
    }

    /// <summary>Whether every dependency is satisfied, looked at from the last one: a fan-in's branches finish roughly in the
    /// order they started, so the first one not done is found at once, not after every one that is (from the first, a
    /// fan-out of n cost n² lookups: 10,000 branches took 10 s).</summary>
    private bool AllSatisfied(System.Collections.Immutable.ImmutableArray<string> dependencies)
    {
        for (var i = dependencies.Length - 1; i >= 0; i--)
        {
            if (!Satisfied(dependencies[i]))
            {
                return false;
            }
        }
        return true;
    }

    private bool Satisfied(string id)
    {
        var s = Step(id);
        var def = PlanOf(id).Definition;
        return s.Status is StepStatus.Succeeded or StepStatus.Skipped
            || s.Status == StepStatus.Failed && (def.OnFailure is OnFailure.Continue or OnFailure.Goto
                || def.Type == StepType.Event && def.OnTimeout == OnTimeout.Continue && s.Error?.Code == "TimedOut");
    }

    /// <summary>Why a step whose dependencies are done must not run, or null when it may.</summary>
    /// <remarks>A switch that chose another branch skips the steps it names; a goto target runs only when a step that
    /// goes to it failed; and a step whose every dependency is on a path not taken (skipped for one of these reasons,
    /// or failed and gone elsewhere) is skipped with them, so a branch's chain is skipped while a join still runs.</remarks>
    private ErrorInfo? WhyNot(StepPlan plan, string id)
    {
        if (plan.Gates.FirstOrDefault(g => !Chose(g, id)) is { } notTaken)
        {
            return new ErrorInfo("BranchNotTaken", $"Switch '{notTaken}' chose another branch.");
        }
        if (!plan.GotoFrom.IsEmpty && !plan.GotoFrom.Any(f => Step(f).Status == StepStatus.Failed))
        {
            return new ErrorInfo("NotNeeded", $"No step that goes to '{id}' on failure failed.");
        }
        var deps = plan.Definition.DependsOn;
        return !deps.IsEmpty && deps.All(d => OffPath(d, id))
            ? new ErrorInfo("PathNotTaken", $"Every step '{id}' depends on is on a path not taken ({string.Join(", ", deps)}).")
            : null;
    }

    // True when a dependency is on a path the run did not take, as seen from the step that depends on it.
    private bool OffPath(string dependency, string step) => Step(dependency) switch
    {
        { Status: StepStatus.Skipped, Error.Code: "BranchNotTaken" or "NotNeeded" or "PathNotTaken" } => true,
        { Status: StepStatus.Failed } when PlanOf(dependency).Definition is { OnFailure: OnFailure.Goto } d && d.GotoTarget != step => true,
        _ => false,
    };

    private void StartStep(StepPlan plan, StepState step)
    {
        var id = step.Id;
        JsonNode? input;
        try
        {
            input = plan.Input.Evaluate(Context(id));
        }
        catch (TemplateTreeException ex)
        {
            SetStep(step with { StartedAt = _at });
            FailStep(id, new ErrorInfo("ExpressionError", ex.Under("input")), retryable: false);
            return;
        }
        var started = step with { Input = input, StartedAt = _at, Attempt = State.AttemptBase + 1 };
        switch (plan.Definition.Type)
        {
            case StepType.Task or StepType.Workflow:
                SetStep(started with { Status = StepStatus.Running });
                Dispatch(Step(id));
                break;
            case StepType.Set:
                if (input is JsonObject values)
                {
                    var vars = (JsonObject)State.Variables.DeepClone();
                    foreach (var (k, v) in values)
                    {
                        vars[k] = v?.DeepClone();
                    }
                    State = State with { Variables = vars };
                }
                Succeed(started, input?.DeepClone());
                break;
            case StepType.Wait:
                StartWait(plan, started);
                break;
            case StepType.Fail:
                SetStep(started with { Status = StepStatus.Running });
                FailStep(id, new ErrorInfo("Fail", EvaluateText(plan.Message, id) ?? $"Step '{id}' failed."), retryable: false);
                break;
            case StepType.Succeed:
                Succeed(started, input?.DeepClone());
                CompleteWorkflow();
                break;
            case StepType.Event:
                StartEventWait(plan, started);
                break;
            case StepType.Switch:
                Choose(plan, started);
                break;
            case StepType.ForEach:
                StartForEach(plan, started);
                break;
            case StepType.Loop:
                StartLoop(started);
                break;
            case StepType.ContinueAsNew:
                ContinueAsNew(started, input);
                break;
        }
    }

    /// <summary>Runs a switch: the first case whose condition holds names the steps that run; none gives the default.</summary>
    /// <remarks>Output: <c>{ case: index | "default" | null, steps: [...] }</c>.</remarks>
    private void Choose(StepPlan plan, StepState started)
    {
        for (var i = 0; i < plan.Cases.Length; i++)
        {
            bool holds;
            try
            {
                holds = Values.Truthy(plan.Cases[i].When.Evaluate(Context(started.Id)));
            }
            catch (ExpressionException ex)
            {
                SetStep(started with { Status = StepStatus.Running });
                FailStep(started.Id, new ErrorInfo("ExpressionError", $"cases[{i}].when: {ex.Message}"), retryable: false);
                return;
            }
            if (holds)
            {
                Succeed(started, new JsonObject { ["case"] = i, ["steps"] = new JsonArray([.. plan.Cases[i].Steps.Select(s => (JsonNode)s)]) });
                return;
            }
        }
        var fallback = plan.Definition.Default;
        Succeed(started, new JsonObject
        {
            ["case"] = fallback.IsEmpty ? null : "default",
            ["steps"] = new JsonArray([.. fallback.Select(s => (JsonNode)s)]),
        });
    }

    // True when the switch succeeded and its chosen branch holds the step.
    private bool Chose(string switchId, string stepId) =>
        Step(switchId) is { Status: StepStatus.Succeeded, Output: JsonObject o } && o["steps"] is JsonArray chosen
        && chosen.Any(s => s?.GetValue<string>() == stepId);

    private void StartWait(StepPlan plan, StepState started)
    {
        DateTimeOffset due;
        if (plan.Definition.WaitDuration is { } wait)
        {
            due = Instants.Plus(_at, wait);
        }
        else
        {
            string? text;
            try
            {
                text = EvaluateText(plan.Until, started.Id);
            }
            catch (ExpressionException ex)
            {
                SetStep(started with { Status = StepStatus.Running });
                FailStep(started.Id, new ErrorInfo("ExpressionError", $"until: {ex.Message}"), retryable: false);
                return;
            }
            if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out due))
            {
                SetStep(started with { Status = StepStatus.Running });
                FailStep(started.Id, new ErrorInfo("InvalidTime", $"until: '{text}' is not an ISO 8601 time."), retryable: false);
                return;
            }
        }
        if (due <= _at)
        {
            Succeed(started, new JsonObject { ["waited_until"] = due.ToString("O") });
            return;
        }
        SetStep(started with { Status = StepStatus.Waiting, DueAt = due });
        Emit(new ScheduleTimer(TimerId.Wait(started.Id), due));
    }

    private void Succeed(StepState step, JsonNode? output)
    {
        SetStep(step with { Status = StepStatus.Succeeded, Output = output, CompletedAt = _at });
        EnqueueDependents(step.Id);
        OwnedStepEnded(step.Id);
    }

    /// <summary>Moves on whatever runs a step that ended, when it is not scheduled by dependencies: the compensation
    /// for a compensating step, the for_each or loop for an item.</summary>
    private void OwnedStepEnded(string id)
    {
        if (PlanOf(id).IsCompensation)
        {
            CompensationStepEnded(id);
        }
        else if (IsItem(id))
        {
            ItemEnded(id);
        }
    }

    private string? EvaluateText(Template? template, string scope) =>
        template is null ? null : Values.Text(template.Evaluate(Context(scope)));
}
