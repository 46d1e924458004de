namespace Baton.Core.Engine.Events;

/// <summary>A durable timer the engine asked for has come due.</summary>
/// <remarks>A timer whose purpose has passed (the step already finished) is acknowledged and changes nothing.</remarks>
public sealed record TimerFired(DateTimeOffset At, TimerId TimerId) : WorkflowEvent(At);
