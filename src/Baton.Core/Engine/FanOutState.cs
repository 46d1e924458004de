using System.Collections.Immutable;

namespace Baton.Core.Engine;

/// <summary>How far a for_each step has come: its items (steps <c>id[0]</c> to <c>id[Count-1]</c>), the next to start,
/// how many run, how many ended, and which failed.</summary>
public sealed record FanOutState(int Count, int Next, int Running, int Done, ImmutableList<int> Failed);
