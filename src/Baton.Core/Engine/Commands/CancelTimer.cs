namespace Baton.Core.Engine.Commands;

/// <summary>A timer is no longer needed; the runtime may drop it.</summary>
/// <remarks>Dropping is an optimisation: a timer that fires anyway is acknowledged and changes nothing.</remarks>
public sealed record CancelTimer(TimerId TimerId) : EngineCommand;
