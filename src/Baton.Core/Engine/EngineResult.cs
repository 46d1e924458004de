using System.Collections.Immutable;
using Baton.Core.Engine.Commands;

namespace Baton.Core.Engine;

/// <summary>What applying one event produced.</summary>
/// <remarks>When <see cref="Accepted"/> is false the event was a duplicate, late or stale report: the state is
/// the one given, there are no commands, and nothing should be recorded.</remarks>
public sealed record EngineResult(bool Accepted, InstanceState State, ImmutableArray<EngineCommand> Commands, ImmutableArray<string> ChangedSteps)
{
    /// <summary>The result for an event that changes nothing.</summary>
    public static EngineResult Ignored(InstanceState state) => new(false, state, [], []);
}
