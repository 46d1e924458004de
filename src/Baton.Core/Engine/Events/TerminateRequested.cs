namespace Baton.Core.Engine.Events;

/// <summary>Someone asked to stop the instance.</summary>
/// <remarks>Accepted only while the instance is running; running attempts are cancelled.</remarks>
public sealed record TerminateRequested(DateTimeOffset At, string Reason) : WorkflowEvent(At);
