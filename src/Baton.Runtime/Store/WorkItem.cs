namespace Baton.Runtime.Store;

/// <summary>An entry of the outbox: a task attempt to run or a timer to fire.</summary>
/// <remarks><see cref="Id"/> is deterministic (<see cref="WorkIds"/>), so the same effect is never queued twice.
/// <see cref="Payload"/> is JSON of the command.</remarks>
public sealed record WorkItem(string Id, string InstanceId, WorkKind Kind, DateTimeOffset DueAt, string Payload,
    string? LeaseOwner = null, DateTimeOffset? LeaseUntil = null, int DequeueCount = 0);

/// <summary>The kinds of work item.</summary>
public enum WorkKind
{
    /// <summary>Run a task attempt.</summary>
    Task,
    /// <summary>Fire a timer.</summary>
    Timer,
}

/// <summary>Builds the deterministic ids of work items.</summary>
public static class WorkIds
{
    /// <summary>The id of a task attempt's work item: its idempotency key.</summary>
    public static string Task(string instanceId, string stepId, int attempt) => TaskPrefix + new Core.Engine.AttemptKey(instanceId, stepId, attempt);

    /// <summary>True for the id of a task attempt's work item (as opposed to a timer's).</summary>
    public static bool IsTask(string workId) => workId.StartsWith(TaskPrefix, StringComparison.Ordinal);

    private const string TaskPrefix = "task|";

    /// <summary>The id of a timer's work item.</summary>
    public static string Timer(string instanceId, string timerId) => $"timer|{instanceId}|{timerId}";
}
