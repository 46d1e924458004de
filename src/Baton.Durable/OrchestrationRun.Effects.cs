using System.Text.Json.Nodes;
using Baton.Core;
using Baton.Core.Engine;
using Baton.Core.Engine.Commands;
using Baton.Core.Engine.Events;
using Microsoft.DurableTask;

namespace Baton.Durable;

internal sealed partial class OrchestrationRun
{
    /// <summary>Task dispatch becomes an activity call with the attempt's idempotency key; a <c>workflow</c> step's
    /// attempt becomes a sub-orchestration of the registered workflow.</summary>
    private void Dispatch(DispatchTask d)
    {
        var call = Runtime.Catalog.SubWorkflowBinding.From(d.Task) is { } child
            ? RunChildAsync(d, child)
            : _ctx.CallActivityAsync<TaskOutcome>(DurableNames.TaskActivity, TaskActivityInput.From(_ctx.InstanceId, d, _input.CatalogHash));
        _pending.Add(new Pending(call, Kind.Activity, AttemptKey(d.StepId, d.Attempt), done =>
        {
            if (done.Exception?.InnerException is { } ex)
            {
                // The activity itself crashed (not the task, which reports failure as an outcome): a retryable failure.
                var message = ex is TaskFailedException tf ? tf.FailureDetails.ErrorMessage : ex.Message;
                return new TaskFailed(Now, d.StepId, d.Attempt, new ErrorInfo("RunnerError", message));
            }
            var outcome = ((Task<TaskOutcome>)done).Result;
            if (outcome.Kind == TaskOutcomeKind.Handed)
            {
                _handed[(d.StepId, d.Attempt)] = outcome.Seal;
                return null;
            }
            return outcome.ToEvent(Now, d.StepId, d.Attempt);
        }));
    }

    /// <summary>Finds the registered workflow (in an activity: the registry is I/O) and runs it as a sub-orchestration
    /// pinned to that definition, with this instance's catalog, its id being the attempt's child id on every backend.</summary>
    /// <remarks>Replay-safe: only durable tasks are awaited, and the child's seed comes from the context's replay-safe GUIDs.</remarks>
    private async Task<TaskOutcome> RunChildAsync(DispatchTask d, Runtime.Catalog.SubWorkflowBinding child)
    {
        var resolved = await _ctx.CallActivityAsync<ResolvedWorkflow>(DurableNames.ResolveWorkflow, new WorkflowReference(child.Workflow, child.Version));
        if (resolved is not { Hash: { } hash, File: { } file, Definition: { } text })
        {
            return new TaskOutcome(TaskOutcomeKind.Failed, null, new ErrorInfo("UnknownWorkflow", resolved.Problem ?? "The workflow is not registered."), Retryable: false);
        }
        var childId = Runtime.Catalog.SubWorkflowBinding.ChildId(_ctx.InstanceId, d.StepId, d.Attempt, d.IdempotencyKey);
        // Each instance reads only its own Blob data: large values go to the child, and come back, kept again.
        var childInput = ValueReference.AnyIn(d.Input)
            ? await _ctx.CallActivityAsync<JsonNode?>(DurableNames.CopyData, new DataCopy(_ctx.InstanceId, childId, d.Input)).ConfigureAwait(true)
            : d.Input?.DeepClone();
        var input = new WorkflowInput(hash, file, text, _input.CatalogHash, childInput, _ctx.NewGuid().ToString("N"), _input.Env, d.TraceParent ?? _input.TraceParent)
        {
            TaskRetries = _input.TaskRetries,
        };
        try
        {
            var output = await _ctx.CallSubOrchestratorAsync<JsonNode?>(DurableNames.Orchestrator, input, new SubOrchestrationOptions { InstanceId = childId });
            if (ValueReference.AnyIn(output))
            {
                output = await _ctx.CallActivityAsync<JsonNode?>(DurableNames.CopyData, new DataCopy(childId, _ctx.InstanceId, output)).ConfigureAwait(true);
            }
            return new TaskOutcome(TaskOutcomeKind.Ok, output);
        }
        catch (TaskFailedException ex)
        {
            return new TaskOutcome(TaskOutcomeKind.Failed, null, new ErrorInfo("ChildWorkflowFailed",
                $"Workflow '{child.Workflow}' (instance {childId}) failed: {ex.FailureDetails.ErrorMessage}"), Retryable: false);
        }
    }

    /// <summary>A timer becomes a durable timer; scheduling an id again replaces the earlier one.</summary>
    private void Arm(ScheduleTimer t)
    {
        Disarm(t.TimerId);
        var cancel = new CancellationTokenSource();
        var timer = _ctx.CreateTimer(t.DueAt.UtcDateTime, cancel.Token);
        _timers[t.TimerId] = (t.DueAt, cancel);
        _pending.Add(new Pending(timer, Kind.Timer, t.TimerId.ToString(), done =>
        {
            _timers.Remove(t.TimerId);
            return done.IsCanceled ? null : new TimerFired(Now, t.TimerId);
        }));
    }

    private void Disarm(TimerId timerId)
    {
        if (_timers.Remove(timerId, out var timer))
        {
            _pending.Remove(Kind.Timer, timerId.ToString());
            timer.Cancel.Cancel();
        }
    }

    /// <summary>Keeps one wait for every event name the workflow's event steps use, and one for the reports of every
    /// attempt handed to a service, and drops the report waits of attempts that have ended.</summary>
    /// <remarks>An event raised while nobody waits is buffered by the framework and taken by the next wait for its
    /// name; the engine then gives it to the waiting step or keeps it, exactly as on the embedded hub.</remarks>
    private void Rearm()
    {
        AwaitMigration();
        foreach (var name in _eventNames)
        {
            if (!_pending.Contains(Kind.Event, name))
            {
                var wait = _ctx.WaitForExternalEvent<JsonNode?>(name);
                _pending.Add(new Pending(wait, Kind.Event, name, done => new EventRaised(Now, name, ((Task<JsonNode?>)done).Result)));
            }
        }
        foreach (var ended in _handed.Keys.Where(h => _state.Steps.GetValueOrDefault(h.Step) is not { Status: StepStatus.Running } s || s.Attempt != h.Attempt).ToList())
        {
            _handed.Remove(ended);
        }
        foreach (var ((step, attempt), seal) in _handed.OrderBy(h => h.Key.Step, StringComparer.Ordinal).ThenBy(h => h.Key.Attempt))
        {
            var key = AttemptKey(step, attempt);
            if (!_pending.Contains(Kind.Report, key))
            {
                var wait = _ctx.WaitForExternalEvent<TaskReportMessage>(DurableNames.TaskReport(step, attempt));
                _pending.Add(new Pending(wait, Kind.Report, key, done =>
                {
                    var report = ((Task<TaskReportMessage>)done).Result;
                    if (seal is null || report.Proof is null || Baton.Abstractions.ReplyTokens.Seal(report.Proof) != seal)
                    {
                        // Raised by name without passing the reply-token check (the event name is guessable): ignored, and
                        // the attempt is awaited again at the next turn of the loop.
                        return null;
                    }
                    return report.Result is { } result
                        ? result.ToEvent(Now, step, attempt)
                        : new TaskProgressed(Now, step, attempt, report.Phase, report.Data);
                }));
            }
        }
    }
}
