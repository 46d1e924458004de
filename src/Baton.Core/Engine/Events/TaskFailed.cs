namespace Baton.Core.Engine.Events;

/// <summary>A task attempt failed.</summary>
/// <remarks>Accepted only while that exact attempt is running. <see cref="Retryable"/> false skips the retry
/// policy (e.g. the task is not in the catalog).</remarks>
public sealed record TaskFailed(DateTimeOffset At, string StepId, int Attempt, ErrorInfo Error, bool Retryable = true) : WorkflowEvent(At);
