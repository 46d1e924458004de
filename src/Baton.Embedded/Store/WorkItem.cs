namespace Baton.Embedded.Store;

/// <summary>An entry of the outbox: a task attempt to run or a timer to fire.</summary>
/// <remarks><see cref="Id"/> is a <see cref="WorkId"/>'s text, deterministic, so the same effect is never queued twice.
/// <see cref="Payload"/> is JSON of the command.</remarks>
public sealed record WorkItem(string Id, string InstanceId, WorkKind Kind, DateTimeOffset DueAt, string Payload,
    string? LeaseOwner = null, DateTimeOffset? LeaseUntil = null, int DequeueCount = 0);
