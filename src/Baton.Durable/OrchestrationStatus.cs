using System.Text.Json.Nodes;
using Baton.Core.Engine;

namespace Baton.Durable;

/// <summary>The custom status the generic orchestrator shows: how far the workflow has come, step by step.</summary>
/// <remarks>Shape: <c>{ "workflow", "version", "status", "completed", "total", "generation", "attemptBase", "segment", "sequence",
/// "steps": { id: { "status", "attempt" } } }</c>: <c>generation</c> counts the workflow's restarts (<c>continue_as_new</c>),
/// <c>attemptBase</c> is where this run's attempt numbers start, <c>sequence</c> is the engine's last event's number, and
/// <c>segment</c> counts the orchestration's own restarts
/// that bound its history; after a restart, <c>input</c> is the current run's input (up to <see cref="MaxInputBytes"/>, else
/// <c>inputOmitted</c> is true);
/// for workflows with more steps than the bound, <c>steps</c> is left out and <c>active</c> lists up to 20 running
/// or waiting step ids instead, so the status stays far below the storage provider's size limits.</remarks>
public static class OrchestrationStatus
{
    /// <summary>Describes an instance's state for its custom status.</summary>
    public static JsonObject Describe(InstanceState state, WorkflowPlan plan, int maxSteps, int segment)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(plan);
        var done = state.Steps.Values.Count(s => s.Status.IsTerminal());
        var o = new JsonObject
        {
            ["workflow"] = state.WorkflowName,
            ["version"] = state.WorkflowVersion,
            ["status"] = state.Status.ToString(),
            ["completed"] = done,
            ["total"] = plan.Definition.Steps.Length,
            ["generation"] = state.Generation,
            ["attemptBase"] = state.AttemptBase,
            ["segment"] = segment,
            ["sequence"] = state.Sequence,
        };
        ShowRunInput(o, state);
        if (plan.Definition.Steps.Length <= maxSteps)
        {
            var steps = new JsonObject();
            foreach (var step in plan.Definition.Steps)
            {
                if (state.Steps.GetValueOrDefault(step.Id) is { } s)
                {
                    steps[step.Id] = new JsonObject { ["status"] = s.Status.ToWireName(), ["attempt"] = s.Attempt };
                }
            }
            o["steps"] = steps;
        }
        else
        {
            o["active"] = Active(state, plan);
        }
        return o;
    }

    /// <summary>Brings a status made by <see cref="Describe"/> up to date after an event changed the given steps, with the counts
    /// its caller keeps as events come (<see cref="StatusCounts"/>), so no event costs a pass over every step.</summary>
    /// <remarks>Touches only the changed steps, so a replay of a long history does not rebuild the whole status per event.</remarks>
    /// <param name="status">The status made by <see cref="Describe"/>.</param>
    /// <param name="state">The state after the event.</param>
    /// <param name="plan">The workflow's plan.</param>
    /// <param name="changedSteps">The steps the event changed.</param>
    /// <param name="completed">How many steps are in a final status.</param>
    /// <param name="active">Up to 20 running or waiting declared steps, in definition order; read only for workflows too large to list.</param>
    public static void Update(JsonObject status, InstanceState state, WorkflowPlan plan, IEnumerable<string> changedSteps, int completed, Func<JsonArray> active)
    {
        ArgumentNullException.ThrowIfNull(status);
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(active);
        status["status"] = state.Status.ToString();
        status["completed"] = completed;
        if (status["generation"]?.GetValue<int>() != state.Generation)
        {
            ShowRunInput(status, state);
        }
        status["generation"] = state.Generation;
        status["attemptBase"] = state.AttemptBase;
        status["sequence"] = state.Sequence;
        if (status["steps"] is JsonObject steps)
        {
            // Only declared steps (and those results added) are listed: a for_each's items would make the status grow with its list.
            var running = WorkflowEngine.PlanFor(plan, state);
            foreach (var id in changedSteps.Where(running.Steps.ContainsKey))
            {
                if (state.Steps.GetValueOrDefault(id) is { } s)
                {
                    steps[id] = new JsonObject { ["status"] = s.Status.ToWireName(), ["attempt"] = s.Attempt };
                }
            }
        }
        else
        {
            status["active"] = active();
        }
    }

    /// <summary>The most input JSON the status carries, in UTF-8 bytes.</summary>
    public const int MaxInputBytes = 4096;

    /// <summary>After the workflow started over, shows the current run's input, which the orchestration's own input (the first
    /// run's) is not until it continues as new at a quiet point; a larger input is left out (<c>inputOmitted</c>).</summary>
    private static void ShowRunInput(JsonObject status, InstanceState state)
    {
        status.Remove("input");
        status.Remove("inputOmitted");
        if (state.Generation == 0)
        {
            return;
        }
        var text = state.Input?.ToJsonString() ?? "null";
        if (System.Text.Encoding.UTF8.GetByteCount(text) <= MaxInputBytes)
        {
            status["input"] = state.Input?.DeepClone();
        }
        else
        {
            status["inputOmitted"] = true;
        }
    }

    /// <summary>Whether a step counts as active in the status: running, waiting, or waiting to retry.</summary>
    public static bool IsActive(StepStatus status) => status is StepStatus.Running or StepStatus.Waiting or StepStatus.WaitingRetry;

    /// <summary>Up to 20 running or waiting steps, in definition order.</summary>
    private static JsonArray Active(InstanceState state, WorkflowPlan plan) => new([.. plan.Definition.Steps
        .Where(s => state.Steps.GetValueOrDefault(s.Id) is { } step && IsActive(step.Status))
        .Take(20).Select(s => (JsonNode)s.Id)]);
}
