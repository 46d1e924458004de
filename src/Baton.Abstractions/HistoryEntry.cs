namespace Baton.Abstractions;

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
