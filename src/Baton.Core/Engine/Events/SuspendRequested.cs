namespace Baton.Core.Engine.Events;

/// <summary>Someone asked to pause the instance.</summary>
/// <remarks>Accepted only while running. Running attempts finish and are recorded; nothing new starts.</remarks>
public sealed record SuspendRequested(DateTimeOffset At, string Reason) : WorkflowEvent(At);
