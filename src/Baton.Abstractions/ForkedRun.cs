using Baton.Core.Engine;
using Baton.Core.Engine.Commands;

namespace Baton.Abstractions;

/// <summary>A fork's run as far as the original's events take it (see <see cref="HistoryReplay.Fork"/>).</summary>
/// <param name="History">The fork's history so far, from its start.</param>
/// <param name="State">Its state after them.</param>
/// <param name="OpenTasks">The attempts dispatched and not ended: the fork runs them.</param>
/// <param name="OpenTimers">The timers armed and not fired or cancelled, by id, with when they are due.</param>
public sealed record ForkedRun(IReadOnlyList<HistoryEntry> History, InstanceState State, IReadOnlyList<DispatchTask> OpenTasks,
    IReadOnlyDictionary<TimerId, DateTimeOffset> OpenTimers);
