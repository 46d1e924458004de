using Baton.Core.Engine;

namespace Baton.Runtime.Store;

/// <summary>A stored instance: its full snapshot and which definition and catalog it runs.</summary>
public sealed record InstanceRecord(InstanceState State, InstanceBinding Binding);

/// <summary>One row of an instance listing.</summary>
public sealed record InstanceSummary(string InstanceId, string WorkflowName, InstanceStatus Status, DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt, DateTimeOffset? CompletedAt)
{
    private readonly string? _token;

    /// <summary>The token that continues a listing after this row.</summary>
    /// <remarks>The embedded store's token is made from the row; a backend with tokens of its own (Durable) sets it.</remarks>
    public string ContinuationToken
    {
        get => _token ?? Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{CreatedAt.UtcTicks}|{InstanceId}"));
        init => _token = value;
    }
}

/// <summary>Filters for listing instances; null fields do not filter.</summary>
/// <remarks>Results come newest first. <see cref="ContinuationToken"/> is the token of the last page's last row
/// (<see cref="InstanceSummary.ContinuationToken"/>), so pages stay stable while instances are added.</remarks>
public sealed record InstanceQuery(
    string? WorkflowName = null,
    IReadOnlyCollection<InstanceStatus>? Statuses = null,
    int MaxCount = 100,
    DateTimeOffset? CreatedFrom = null,
    DateTimeOffset? CreatedTo = null,
    string? ContinuationToken = null,
    string? InstanceId = null,
    string? InstanceIdPrefix = null);

/// <summary>One accepted event in an instance's history.</summary>
/// <remarks><see cref="Sequence"/> starts at 0 with InstanceStarted and increases by one per accepted event;
/// <see cref="Kind"/> is the event type name; <see cref="Event"/> is its JSON.</remarks>
public sealed record HistoryEntry(string InstanceId, long Sequence, string Kind, DateTimeOffset At, string Event)
{
    /// <summary>The entry recording <paramref name="e"/> as the instance's event number <paramref name="sequence"/>.</summary>
    public static HistoryEntry Of(string instanceId, long sequence, Core.Engine.Events.WorkflowEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return new(instanceId, sequence, e.GetType().Name, e.At, System.Text.Json.JsonSerializer.Serialize(e, Core.Engine.EngineJson.Options));
    }

    /// <summary>The event this entry records.</summary>
    /// <exception cref="System.Text.Json.JsonException">The entry's JSON is not an event.</exception>
    public Core.Engine.Events.WorkflowEvent ReadEvent() =>
        System.Text.Json.JsonSerializer.Deserialize<Core.Engine.Events.WorkflowEvent>(Event, Core.Engine.EngineJson.Options)
            ?? throw new System.Text.Json.JsonException($"History event {Sequence} of instance '{InstanceId}' is empty.");
}

/// <summary>Thrown when a commit finds the instance changed since it was read, or already exists.</summary>
public sealed class ConcurrencyException(string message) : Exception(message);

/// <summary>Thrown when a listing is given a continuation token no earlier page produced; a client error.</summary>
public sealed class InvalidContinuationTokenException(string token, Exception? inner = null)
    : ArgumentException($"'{(token.Length > 80 ? token[..80] + "..." : token)}' is not a continuation token from a previous page.", nameof(token), inner);
