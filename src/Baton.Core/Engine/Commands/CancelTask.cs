namespace Baton.Core.Engine.Commands;

/// <summary>Stop a running attempt if it is still running; its result will be ignored.</summary>
public sealed record CancelTask(string StepId, int Attempt) : EngineCommand;
