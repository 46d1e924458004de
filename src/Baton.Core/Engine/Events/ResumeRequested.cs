namespace Baton.Core.Engine.Events;

/// <summary>Someone asked to continue a suspended instance.</summary>
/// <remarks>Accepted only while suspended. Retries and waits that came due meanwhile start at once; the timers of
/// those not yet due are armed again, since a timer that fired while suspended was consumed without effect.</remarks>
public sealed record ResumeRequested(DateTimeOffset At, string Reason) : WorkflowEvent(At);
