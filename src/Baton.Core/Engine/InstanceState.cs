using System.Collections.Immutable;
using System.Text.Json.Nodes;

namespace Baton.Core.Engine;

/// <summary>The snapshot of one workflow instance: status, input, variables, every step, output and error.</summary>
/// <remarks>Immutable: the engine returns a new snapshot for every accepted event and never alters the one it
/// was given. <see cref="Sequence"/> counts accepted events, so it is the number of history entries.</remarks>
public sealed record InstanceState(
    string InstanceId,
    string WorkflowName,
    string WorkflowVersion,
    InstanceStatus Status,
    JsonNode? Input,
    JsonObject Variables,
    ImmutableSortedDictionary<string, string> Env,
    string Seed,
    ImmutableDictionary<string, StepState> Steps,
    JsonNode? Output,
    ErrorInfo? Error,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? CompletedAt,
    long Sequence,
    int OpenSteps)
{
    /// <summary>Events raised before any step waited for them, oldest first; the next step waiting for the name takes the first.</summary>
    public ImmutableList<RaisedEvent> PendingEvents { get; init; } = [];

    /// <summary>The W3C traceparent of the trace this instance's spans join, recorded at start.</summary>
    public string? TraceParent { get; init; }

    /// <summary>The compensation under way, from the moment a step asked for it until the instance fails; else null.</summary>
    public CompensationState? Compensation { get; init; }

    /// <summary>The for_each steps that have started, by id: how far each has come.</summary>
    public ImmutableSortedDictionary<string, FanOutState> FanOuts { get; init; } = ImmutableSortedDictionary.Create<string, FanOutState>(StringComparer.Ordinal);

    /// <summary>Steps task results added at run time, in the order added: each batch with the step whose result carried it.</summary>
    /// <remarks>The engine rebuilds the running plan from the definition and these (see <see cref="WorkflowEngine.PlanFor"/>).</remarks>
    public ImmutableList<AddedSteps> AddedSteps { get; init; } = [];

    /// <summary>The content hash of the definition the instance runs since it was migrated (<see cref="Events.InstanceMigrated"/>);
    /// null while it runs the one it started with.</summary>
    /// <remarks>Backends choose the plan for the next event by it: this definition's when set, else the one the instance was
    /// started with.</remarks>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? Definition { get; init; }

    /// <summary>How many times the instance has continued as new: 0 for its first run.</summary>
    /// <remarks>Timers carry it in their ids, so a timer of an earlier run that fires late changes nothing.</remarks>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingDefault)]
    public int Generation { get; init; }

    /// <summary>The highest attempt number earlier runs used: this run numbers attempts from the one after it.</summary>
    /// <remarks>So an idempotency key (<c>instance/step/attempt</c>) never names two attempts, even across continue_as_new,
    /// and a late result of an earlier run's attempt is refused. Retry limits and <c>steps.X.attempts</c> count from it.</remarks>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingDefault)]
    public int AttemptBase { get; init; }

    /// <summary>How many attempts a step has made in this run (its attempt number less <see cref="AttemptBase"/>); 0 before it starts.</summary>
    public int AttemptsInRun(StepState step)
    {
        ArgumentNullException.ThrowIfNull(step);
        return step.Attempt == 0 ? 0 : step.Attempt - AttemptBase;
    }

    /// <summary>True once the instance can no longer change.</summary>
    public bool IsTerminal => Status.IsFinal();
}
