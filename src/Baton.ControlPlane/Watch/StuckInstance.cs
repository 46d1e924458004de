namespace Baton.ControlPlane.Watch;

/// <summary>Why the watchdog flags an instance: <see cref="Kind"/> <c>idle</c> (no progress for the idle time, nothing due
/// later) or <c>unbounded_wait</c> (a step waits for an event with no timeout), the step concerned, and the last progress.</summary>
public sealed record StuckInstance(string InstanceId, string Name, string Status, string Kind, string Reason, string? Step, DateTimeOffset LastProgressAt);
