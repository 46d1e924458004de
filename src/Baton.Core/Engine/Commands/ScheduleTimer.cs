namespace Baton.Core.Engine.Commands;

/// <summary>Fire <see cref="Events.TimerFired"/> with this id at or after <see cref="DueAt"/>.</summary>
/// <remarks>Timer ids are unique within an instance; scheduling the same id again replaces it.</remarks>
public sealed record ScheduleTimer(TimerId TimerId, DateTimeOffset DueAt) : EngineCommand;
