using System.Collections.Immutable;
using System.Text.Json.Nodes;

namespace Baton.Core.Definitions;

/// <summary>One step of a workflow.</summary>
/// <remarks><see cref="SourcePath"/> is the key path of the step in its file, for diagnostics.</remarks>
public sealed record StepDefinition(
    string Id,
    StepType Type,
    string? Task,
    JsonNode? Input,
    ImmutableArray<string> DependsOn,
    string? Condition,
    RetryPolicy? Retry,
    TimeSpan? Timeout,
    OnFailure OnFailure,
    TimeSpan? WaitDuration,
    string? WaitUntil,
    string? Message,
    string SourcePath,
    string? EventName = null)
{
    /// <summary>For a task, workflow, event, for_each or loop step: a mapping evaluated when the step succeeds, with <c>output</c> bound to its
    /// result; its value becomes the step's output. Null keeps the result as it is.</summary>
    public JsonNode? Output { get; init; }

    /// <summary>For an event step: an expression over <c>event</c> (the event's data) that an event must satisfy to be taken.</summary>
    public string? Filter { get; init; }

    /// <summary>For an event step: what its timeout does.</summary>
    public OnTimeout OnTimeout { get; init; }

    /// <summary>For a compensating step: the step whose work it undoes; it runs only if that step succeeded.</summary>
    public string? Undoes { get; init; }

    /// <summary>For a switch step: its cases, tried in order.</summary>
    public ImmutableArray<SwitchCase> Cases { get; init; } = [];

    /// <summary>For a switch step: the steps that run when no case holds.</summary>
    public ImmutableArray<string> Default { get; init; } = [];

    /// <summary>For a workflow step: the registered workflow it runs.</summary>
    public string? Workflow { get; init; }

    /// <summary>For a workflow step: the version it runs; null runs the version active when the child starts.</summary>
    public string? WorkflowVersion { get; init; }

    /// <summary>The task name an attempt of this step is dispatched with: its task, or <c>workflow:&lt;name&gt;[@&lt;version&gt;]</c> for a workflow step.</summary>
    public string? DispatchName => Type == StepType.Workflow ? $"workflow:{Workflow}{(WorkflowVersion is null ? "" : "@" + WorkflowVersion)}" : Task;

    /// <summary>With <c>on_failure: { goto: step }</c>: the step that runs when this one fails for good.</summary>
    public string? GotoTarget { get; init; }

    /// <summary>For a for_each step: the expression giving the list of items.</summary>
    public string? Items { get; init; }

    /// <summary>For a for_each step: how many items run at once.</summary>
    public int MaxConcurrency { get; init; } = 16;

    /// <summary>The step's dispatch priority (-1000 to 1000, default 0): on the embedded hub, when attempts wait for a
    /// task slot, higher priorities go first, across every instance of the hub; a <c>for_each</c>'s items and a loop's
    /// iterations take their step's.</summary>
    public int Priority { get; init; }

    /// <summary>For a for_each step: what a failed item does to the step.</summary>
    public OnItemFailure OnItemFailure { get; init; }

    /// <summary>For a for_each or loop step: the task step run per item or iteration; its input may read <c>item</c> and
    /// <c>index</c> (for_each) or <c>iteration</c> and <c>last</c> (loop).</summary>
    public StepDefinition? Body { get; init; }

    /// <summary>For a loop step: checked before each iteration; the loop ends when it is false.</summary>
    public string? While { get; init; }

    /// <summary>For a loop step: checked after each iteration; the loop ends when it is true.</summary>
    public string? Until { get; init; }

    /// <summary>For a loop step: the most iterations it may run; a loop whose condition still asks for more fails.</summary>
    public int MaxIterations { get; init; }

    /// <summary>For each step named on a switch's branch, the switches that name it (a switch naming itself is left out).</summary>
    public static ILookup<string, string> Gates(IEnumerable<StepDefinition> steps) => steps
        .Where(s => s.Type == StepType.Switch)
        .SelectMany(s => s.Cases.SelectMany(c => c.Steps).Concat(s.Default).Distinct(StringComparer.Ordinal).Where(t => t != s.Id).Select(t => (Target: t, Switch: s.Id)))
        .ToLookup(g => g.Target, g => g.Switch, StringComparer.Ordinal);
}
