using Baton.Core.Engine;

namespace Baton.Embedded.Store;

/// <summary>Names one work item: a task attempt, or a timer of an instance; deterministic, so the same effect is never queued twice.</summary>
/// <remarks>Written (<see cref="ToString"/>) <c>task|{instance}/{step}/{attempt}</c> (the <see cref="AttemptKey"/>, which is
/// also the attempt's idempotency key) or <c>timer|{instance}|{timer}</c> (the <see cref="Core.Engine.TimerId"/>). That text is
/// <see cref="WorkItem.Id"/> in every store; <see cref="TryParse"/> is its one reader.</remarks>
public readonly record struct WorkId
{
    private const string TaskPrefix = "task|";
    private const string TimerPrefix = "timer|";

    private WorkId(WorkKind kind, string instanceId, AttemptKey? attempt, TimerId? timer)
    {
        Kind = kind;
        InstanceId = instanceId;
        Attempt = attempt;
        TimerId = timer;
    }

    /// <summary>Whether the item runs a task attempt or fires a timer.</summary>
    public WorkKind Kind { get; }

    /// <summary>The instance the item belongs to.</summary>
    public string InstanceId { get; }

    /// <summary>The attempt a task item runs; null for a timer.</summary>
    public AttemptKey? Attempt { get; }

    /// <summary>The timer a timer item fires; null for a task.</summary>
    public TimerId? TimerId { get; }

    /// <summary>The work item that runs one attempt.</summary>
    public static WorkId Task(AttemptKey attempt) => new(WorkKind.Task, attempt.InstanceId, attempt, null);

    /// <summary>The work item that runs one attempt of a step of an instance.</summary>
    public static WorkId Task(string instanceId, string stepId, int attempt) => Task(new AttemptKey(instanceId, stepId, attempt));

    /// <summary>The work item that fires one timer of an instance.</summary>
    public static WorkId Timer(string instanceId, TimerId timer) => new(WorkKind.Timer, instanceId, null, timer);

    /// <summary>The id's text form (see remarks of <see cref="WorkId"/>).</summary>
    public override string ToString() => Kind == WorkKind.Task ? TaskPrefix + Attempt : $"{TimerPrefix}{InstanceId}|{TimerId}";

    /// <summary>Reads an id written by <see cref="ToString"/>; false when the text is not one.</summary>
    public static bool TryParse(string? text, out WorkId id)
    {
        id = default;
        if (text is null)
        {
            return false;
        }
        if (text.StartsWith(TaskPrefix, StringComparison.Ordinal) && AttemptKey.Parse(text[TaskPrefix.Length..]) is { } attempt)
        {
            id = Task(attempt);
            return true;
        }
        var bar = text.LastIndexOf('|');
        if (text.StartsWith(TimerPrefix, StringComparison.Ordinal) && bar > TimerPrefix.Length
            && Core.Engine.TimerId.TryParse(text[(bar + 1)..], out var timer))
        {
            id = Timer(text[TimerPrefix.Length..bar], timer);
            return true;
        }
        return false;
    }

    /// <summary>Reads an id written by <see cref="ToString"/>.</summary>
    /// <exception cref="FormatException">The text is not a work item id.</exception>
    public static WorkId Parse(string text) =>
        TryParse(text, out var id) ? id : throw new FormatException($"'{text}' is not a work item id (task|instance/step/attempt or timer|instance|timer).");
}
