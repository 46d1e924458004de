using System.Collections.Immutable;
using System.Text.Json.Nodes;

namespace Baton.Core.Definitions;

/// <summary>A validated workflow definition in Baton's native language.</summary>
/// <remarks>Instances are produced only by <see cref="DefinitionLoader"/>, so every reference in them resolves
/// and the step graph is acyclic.</remarks>
public sealed record WorkflowDefinition(
    string ApiVersion,
    WorkflowMetadata Metadata,
    JsonNode? InputSchema,
    WorkflowConfig Config,
    JsonObject Variables,
    ImmutableArray<StepDefinition> Steps,
    JsonNode? Output,
    JsonNode? OutputSchema)
{
    /// <summary>The saga's compensating steps (<c>spec.compensation</c>), run one at a time when a step that says
    /// <c>on_failure: compensate</c> (or an event step that says <c>on_timeout: compensate</c>) fails the workflow.</summary>
    /// <remarks>Those that name a step in <see cref="StepDefinition.Undoes"/> run for the steps that succeeded, latest
    /// completion first; the others run after them in the order written.</remarks>
    public ImmutableArray<StepDefinition> Compensation { get; init; } = [];

    /// <summary>How many of <see cref="Steps"/> task results added at run time (see <see cref="DynamicSteps"/>).</summary>
    public int DynamicCount { get; init; }
}

/// <summary>Names and describes a workflow.</summary>
public sealed record WorkflowMetadata(string Name, string Version, string? Description, ImmutableArray<string> Tags);

/// <summary>Workflow-wide settings: the overall timeout and the default retry policy.</summary>
public sealed record WorkflowConfig(TimeSpan? Timeout, RetryPolicy? Retry);

/// <summary>The kinds of step the language knows.</summary>
public enum StepType
{
    /// <summary>Runs a task named in the catalog.</summary>
    Task,
    /// <summary>Evaluates its input mapping into its output and into workflow variables.</summary>
    Set,
    /// <summary>Waits for a duration or until a time, on a durable timer.</summary>
    Wait,
    /// <summary>Fails with a message.</summary>
    Fail,
    /// <summary>Ends the workflow successfully at once.</summary>
    Succeed,
    /// <summary>Waits for an external event raised on the instance; its data becomes the output.</summary>
    Event,
    /// <summary>Chooses one branch: the steps of the first case whose condition holds run, the other branches' steps are skipped.</summary>
    Switch,
    /// <summary>Runs its <c>do</c> task once per item of a list, at most <c>max_concurrency</c> at a time; its output is the items' outputs in order.</summary>
    ForEach,
    /// <summary>Runs its <c>do</c> task again and again while (or until) a condition holds, at most <c>max_iterations</c> times; its output is each iteration's output in order.</summary>
    Loop,
    /// <summary>Runs a registered workflow as a child instance with this step's input; its output is the child's output.</summary>
    Workflow,
    /// <summary>Starts the instance over with this step's input as the workflow input; history so far is compacted away.</summary>
    /// <remarks>Open steps are cancelled; the instance keeps its id, definition version, catalog and unconsumed events.</remarks>
    ContinueAsNew,
}

/// <summary>What a <c>for_each</c> step does when an item fails for good.</summary>
public enum OnItemFailure
{
    /// <summary>The step fails at once; running items are cancelled and the rest never start.</summary>
    FailFast,
    /// <summary>Every item runs; then the step fails, listing the items that failed.</summary>
    Collect,
    /// <summary>Every item runs and the step succeeds; a failed item's output is null.</summary>
    Continue,
}

/// <summary>One case of a <c>switch</c> step: a condition and the steps on its branch.</summary>
public sealed record SwitchCase(string When, ImmutableArray<string> Steps);

/// <summary>What happens once a step has failed and its retries are spent.</summary>
public enum OnFailure
{
    /// <summary>The workflow fails.</summary>
    Fail,
    /// <summary>The step stays failed and the workflow goes on; dependents run.</summary>
    Continue,
    /// <summary>Retry with the step's, the workflow's, or the built-in default policy, then fail the workflow.</summary>
    Retry,
    /// <summary>The workflow fails after running its compensation (<c>spec.compensation</c>) for what it completed.</summary>
    Compensate,
    /// <summary>The workflow goes on at another step (<c>on_failure: { goto: step }</c>), which runs only then; the
    /// failed step's own dependents are skipped.</summary>
    Goto,
}

/// <summary>What an event step does when its <c>timeout</c> passes before a matching event arrives.</summary>
public enum OnTimeout
{
    /// <summary>The step fails (<c>TimedOut</c>) and so does the workflow.</summary>
    Fail,
    /// <summary>The step fails (<c>TimedOut</c>) and the workflow goes on; dependents run.</summary>
    Continue,
    /// <summary>The step fails (<c>TimedOut</c>) and the workflow fails after running its compensation.</summary>
    Compensate,
    /// <summary>The step fails (<c>TimedOut</c>) and the workflow goes on at another step (<c>on_timeout: { goto: step }</c>).</summary>
    Goto,
}

/// <summary>How the delay between attempts grows.</summary>
public enum Backoff
{
    /// <summary>The same delay before every retry.</summary>
    Fixed,
    /// <summary>The delay doubles after every attempt, up to the maximum.</summary>
    Exponential,
}

/// <summary>How often and how far apart a failed step is tried again.</summary>
/// <remarks><see cref="MaxAttempts"/> counts the first attempt; <see cref="Jitter"/> is a fraction in [0, 1]
/// of each delay that is randomized from the instance's recorded seed, so replays agree.</remarks>
public sealed record RetryPolicy(int MaxAttempts, Backoff Backoff, TimeSpan InitialDelay, TimeSpan MaxDelay, double Jitter)
{
    /// <summary>The policy used by <c>on_failure: retry</c> when neither the step nor the workflow names one.</summary>
    public static RetryPolicy Default { get; } =
        new(3, Backoff.Exponential, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1), 0);

    /// <summary>A single attempt: no retries.</summary>
    public static RetryPolicy None { get; } = new(1, Backoff.Fixed, TimeSpan.Zero, TimeSpan.Zero, 0);
}

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
