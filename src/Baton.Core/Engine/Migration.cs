using Baton.Core.Definitions;
using Baton.Core.Engine.Events;

namespace Baton.Core.Engine;

/// <summary>Moving a running instance to another version of its workflow: whether it may, and why not.</summary>
/// <remarks>The rule (docs/workflow-language.md#migrating-running-instances): the instance is running; the version is one of its
/// own workflow; no steps were added to it at run time and no compensation is under way; every step that has started
/// (running, waiting, succeeded, failed, cancelled) is in the new version with the same meaning: the same type, and the same
/// task, event, child workflow, switch branches or for_each/loop body; skipped and pending steps may be left out or changed;
/// the instance's input fits the new input schema; and the new version's variables can be evaluated. What the new version
/// changes elsewhere (inputs of steps not started, dependencies, retries, timeouts, the output) applies from then on.</remarks>
public static class Migration
{
    /// <summary>Every reason the instance cannot move from <paramref name="from"/> to <paramref name="to"/>; none when it can.</summary>
    /// <param name="from">The plan the instance runs.</param>
    /// <param name="to">The plan of the version it would run.</param>
    /// <param name="state">The instance's state now.</param>
    public static IReadOnlyList<string> Check(WorkflowPlan from, WorkflowPlan to, InstanceState state)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        ArgumentNullException.ThrowIfNull(state);
        var version = to.Definition.Metadata.Version;
        var problems = new List<string>();
        foreach (var step in from.Definition.Steps)
        {
            if (state.Steps.GetValueOrDefault(step.Id) is not { Status: not (StepStatus.Pending or StepStatus.Skipped) } started
                || !to.Steps.TryGetValue(step.Id, out var next) || next.IsCompensation)
            {
                continue;
            }
            var (was, now) = (Meaning(step), Meaning(next.Definition));
            if (was != now)
            {
                problems.Add($"Step '{step.Id}' is {started.Status.ToWireName()}: it is {was}, but {now} in version {version}. A step that has started must keep its meaning.");
            }
        }
        if (to.InputSchema is { } schema && JsonSchemas.Validate(schema, state.Input) is { Count: > 0 } errors)
        {
            problems.AddRange(errors.Select(e => $"The instance's input does not fit version {version}'s input schema: {e}"));
        }
        var probe = new InstanceMigrated(state.UpdatedAt, state.WorkflowVersion, version, "", "", "");
        if (Transition.Migrate(to, state, probe).Problem is { } problem)
        {
            problems.Insert(0, problem);
        }
        return problems;
    }

    /// <summary>What a step does, in words: two steps with the same words mean the same.</summary>
    internal static string Meaning(StepDefinition step) => step.Type switch
    {
        StepType.Task => $"a task step calling '{step.Task}'",
        StepType.Event => $"an event step waiting for '{step.EventName}'",
        StepType.Workflow => $"a workflow step running '{step.Workflow}'" + (step.WorkflowVersion is { } v ? $" version {v}" : ""),
        StepType.Switch => "a switch step with branches " + string.Join(" | ", step.Cases.Select(c => $"[{string.Join(", ", c.Steps)}]").Append($"default [{string.Join(", ", step.Default)}]")),
        StepType.ForEach or StepType.Loop when step.Body is { } body => $"a {(step.Type == StepType.Loop ? "loop" : "for_each")} step over {Meaning(body)}",
        _ => $"a {step.Type.ToString().ToLowerInvariant()} step",
    };
}
