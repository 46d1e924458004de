namespace Baton.Core.Engine.Events;

/// <summary>Someone asked to retry a failed instance from its failed steps.</summary>
/// <remarks>Accepted only when the instance failed. Failed steps (other than on_failure: continue) and
/// cancelled steps go back to pending with fresh attempts; succeeded and skipped steps keep their results.</remarks>
public sealed record RewindRequested(DateTimeOffset At, string Reason) : WorkflowEvent(At);
