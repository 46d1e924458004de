using Baton.Core.Engine;

namespace Baton.Runtime.Store;

/// <summary>A stored instance: its full snapshot and which definition and catalog it runs.</summary>
public sealed record InstanceRecord(InstanceState State, InstanceBinding Binding);

/// <summary>One row of an instance listing.</summary>
public sealed record InstanceSummary(string InstanceId, string WorkflowName, InstanceStatus Status, DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt, DateTimeOffset? CompletedAt);

/// <summary>Filters for listing instances; null fields do not filter.</summary>
public sealed record InstanceQuery(string? WorkflowName = null, IReadOnlyCollection<InstanceStatus>? Statuses = null, int MaxCount = 100);

/// <summary>One accepted event in an instance's history.</summary>
/// <remarks><see cref="Sequence"/> starts at 0 with InstanceStarted and increases by one per accepted event;
/// <see cref="Kind"/> is the event type name; <see cref="Event"/> is its JSON.</remarks>
public sealed record HistoryEntry(string InstanceId, long Sequence, string Kind, DateTimeOffset At, string Event);

/// <summary>Thrown when a commit finds the instance changed since it was read, or already exists.</summary>
public sealed class ConcurrencyException(string message) : Exception(message);
