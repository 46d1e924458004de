namespace Baton.Core.Engine;

/// <summary>Why a step or an instance failed.</summary>
/// <remarks><see cref="Code"/> is stable and machine-readable (TaskFailed, TimedOut, ExpressionError, ...);
/// <see cref="Message"/> is for people; <see cref="StepId"/> names the failing step when there is one.</remarks>
public sealed record ErrorInfo(string Code, string Message, string? StepId = null, string? Detail = null);
