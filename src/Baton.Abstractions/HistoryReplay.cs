using System.Text.Json.Nodes;
using Baton.Core.Engine;
using Baton.Core.Engine.Commands;
using Baton.Core.Engine.Events;

namespace Baton.Abstractions;

/// <summary>Time travel and forks over an instance's accepted engine events, the same on every backend: the state at any
/// point is the recorded events applied through the engine up to it, and a fork is its own start followed by the original's
/// events up to the point, applied to the fork.</summary>
/// <remarks>Both backends keep the same history (the embedded hub in its store, the Durable backend rebuilt from the
/// orchestration's history), so this is the one place its rules live: the point must be an event of the history, at most
/// <see cref="MaxReplayedEvents"/> from the start, and not before a <c>continue_as_new</c>, whose earlier history is
/// compacted away on every backend.</remarks>
public static class HistoryReplay
{
    /// <summary>The most history events a time-travel read or a fork replays.</summary>
    public const int MaxReplayedEvents = 100_000;

    /// <summary>The events of an instance's history from its start up to <paramref name="sequence"/>.</summary>
    /// <param name="instanceId">The instance, for messages.</param>
    /// <param name="entries">The history from its first kept event, at least up to <paramref name="sequence"/>.</param>
    /// <param name="sequence">The point.</param>
    /// <param name="last">The instance's last event's sequence.</param>
    /// <exception cref="InvalidHistoryPointException">No event has that sequence, it is too far, or history before it was compacted away.</exception>
    public static List<WorkflowEvent> EventsUpTo(string instanceId, IReadOnlyList<HistoryEntry> entries, long sequence, long last)
    {
        ArgumentNullException.ThrowIfNull(entries);
        if (sequence < 0 || sequence > last)
        {
            throw new InvalidHistoryPointException($"Instance '{instanceId}' has history events 0 to {last}; {sequence} is not one of them.");
        }
        if (sequence >= MaxReplayedEvents)
        {
            throw new InvalidHistoryPointException($"Time travel and forks replay at most {MaxReplayedEvents} events; event {sequence} is further than that.");
        }
        var events = entries.Where(e => e.Sequence <= sequence).Select(e => e.ReadEvent()).ToList();
        if (events.Count == 0 || events[0] is not InstanceStarted || entries[0].Sequence != 0)
        {
            throw new InvalidHistoryPointException($"Instance '{instanceId}' started over (continue_as_new) and its history before that was compacted away; " +
                $"pick an event of its current run (from {(entries.Count > 0 ? entries[0].Sequence : last)}).");
        }
        return events;
    }

    /// <summary>The content hash of the definition an instance runs after <paramref name="events"/> (accepted history): the one its
    /// last migration among them moved it to; null when none did, so it runs the one it started with.</summary>
    public static string? DefinitionAfter(IEnumerable<WorkflowEvent> events) => events.OfType<InstanceMigrated>().LastOrDefault()?.ToDefinition;

    /// <summary>The state after applying <paramref name="events"/> from the start (events the engine refuses change nothing),
    /// each with the plan in force when it came (<see cref="ReplayPlans"/>).</summary>
    public static InstanceState? StateAfter(ReplayPlans plans, IEnumerable<WorkflowEvent> events)
    {
        ArgumentNullException.ThrowIfNull(plans);
        ArgumentNullException.ThrowIfNull(events);
        InstanceState? state = null;
        var plan = plans.Start;
        foreach (var e in events)
        {
            var next = plans.For(plan, e);
            var result = WorkflowEngine.Apply(next, state, e);
            (state, plan) = result.Accepted ? (result.State, next) : (state, plan);
        }
        return state;
    }

    /// <summary>A fork's run so far: its start (the original's, with the new id, input and trace) and the original's later
    /// events applied to it, with the work still open at the end: the attempts dispatched and not ended, and the timers armed
    /// and not fired or cancelled, which the fork must start.</summary>
    /// <param name="plans">The plans the original ran (the fork runs the one in force at the point).</param>
    /// <param name="original">The original's events from its start up to the point (see <see cref="EventsUpTo"/>).</param>
    /// <param name="newInstanceId">The fork's id.</param>
    /// <param name="input">The fork's input (already checked against the input schema).</param>
    /// <param name="traceParent">The fork's trace.</param>
    public static ForkedRun Fork(ReplayPlans plans, IReadOnlyList<WorkflowEvent> original, string newInstanceId, JsonNode? input, string traceParent)
    {
        ArgumentNullException.ThrowIfNull(plans);
        ArgumentNullException.ThrowIfNull(original);
        var plan = plans.Start;
        var started = (InstanceStarted)original[0] with { InstanceId = newInstanceId, Input = input?.DeepClone(), TraceParent = traceParent };
        var tasks = new Dictionary<(string Step, int Attempt), DispatchTask>();
        var timers = new Dictionary<TimerId, DateTimeOffset>();
        var events = new List<HistoryEntry>();
        InstanceState? state = null;
        foreach (var e in original.Skip(1).Prepend(started))
        {
            var next = plans.For(plan, e);
            var result = WorkflowEngine.Apply(next, state, e);
            if (!result.Accepted)
            {
                continue;
            }
            (state, plan) = (result.State, next);
            events.Add(HistoryEntry.Of(newInstanceId, state.Sequence, e));
            switch (e)
            {
                case TaskCompleted t:
                    tasks.Remove((t.StepId, t.Attempt));
                    break;
                case TaskFailed t:
                    tasks.Remove((t.StepId, t.Attempt));
                    break;
                case TimerFired t:
                    timers.Remove(t.TimerId);
                    break;
            }
            foreach (var command in result.Commands)
            {
                switch (command)
                {
                    case DispatchTask d:
                        tasks[(d.StepId, d.Attempt)] = d;
                        break;
                    case CancelTask c:
                        tasks.Remove((c.StepId, c.Attempt));
                        break;
                    case ScheduleTimer t:
                        timers[t.TimerId] = t.DueAt;
                        break;
                    case CancelTimer c:
                        timers.Remove(c.TimerId);
                        break;
                }
            }
        }
        return new ForkedRun(events, state!, [.. tasks.Values], timers);
    }
}
