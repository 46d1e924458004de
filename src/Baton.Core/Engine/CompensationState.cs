using System.Collections.Immutable;

namespace Baton.Core.Engine;

/// <summary>A compensation in progress: why the workflow is failing, the compensating steps still to run in order (the
/// first is the one running), and those that failed.</summary>
public sealed record CompensationState(ErrorInfo Cause, ImmutableList<string> Pending, ImmutableList<string> Failed);
