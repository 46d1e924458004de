using Baton.Core.Engine;
using Baton.Core.Engine.Commands;
using Baton.Core.Engine.Events;
using Baton.Embedded.Store;
using Baton.Abstractions;

namespace Baton.Embedded;

/// <summary>What one batch changes for one instance: events applied through the engine, the history, step rows and
/// outbox entries they produce, and the commit that makes them durable.</summary>
/// <remarks>The hub's writer (and the fault-injecting simulation, which drives the same code without threads) loads
/// one per instance per batch, applies each event, commits <see cref="ToCommit"/>, and only after the commit acts on
/// <see cref="Work"/>: an entry whose final value is an item is work to start; one whose final value is null was
/// consumed or cancelled.</remarks>
internal sealed class InstanceTransaction(string instanceId, InstanceState? state, InstanceBinding? binding)
{
    public string InstanceId { get; } = instanceId;

    public long ExpectedSequence { get; } = state?.Sequence ?? -1;

    public InstanceState? State { get; private set; } = state;

    public InstanceBinding? Binding { get; private set; } = binding;

    public bool Created { get; private set; }

    public List<HistoryEntry> History { get; } = [];

    public Dictionary<string, StepState> Steps { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, WorkItem?> Work { get; } = new(StringComparer.Ordinal);

    public List<EngineCommand> Commands { get; } = [];

    public List<HubChange> Changes { get; } = [];

    /// <summary>The sequence of the last event that started the instance over (continue_as_new) in this batch; else null.</summary>
    public long? ContinuedAt { get; private set; }

    /// <summary>Whether an event of this batch moved the instance to another version: its step rows are all written again.</summary>
    public bool Migrated { get; private set; }

    public bool HasChanges => History.Count > 0 || Work.Count > 0;

    /// <summary>The binding the next event needs: the instance's, or the one a start brings.</summary>
    public InstanceBinding? BindingFor(InstanceBinding? startBinding) => Binding ?? startBinding;

    /// <summary>Applies one event; true when the engine accepted it.</summary>
    /// <remarks>The event's time becomes <paramref name="now"/>. A consumed work item is removed from the outbox when the
    /// event is accepted, or always unless <paramref name="consumeOnlyIfAccepted"/>. An event for an instance that does
    /// not exist (other than its start) is refused without a change.</remarks>
    public bool Apply(WorkflowPlan? plan, WorkflowEvent @event, DateTimeOffset now, InstanceBinding? startBinding, string? consumedWorkId,
        bool consumeOnlyIfAccepted, string owner, TimeSpan leaseDuration)
    {
        var binding = BindingFor(startBinding);
        if (binding is null || plan is null || State is null && @event is not InstanceStarted)
        {
            Consume(consumedWorkId, accepted: false, consumeOnlyIfAccepted);
            return false;
        }
        var e = @event with { At = now };
        var result = WorkflowEngine.Apply(plan, State, e);
        Consume(consumedWorkId, result.Accepted, consumeOnlyIfAccepted);
        if (!result.Accepted)
        {
            return false;
        }
        if (State is null)
        {
            Binding = binding;
            Created = true;
        }
        State = result.State;
        History.Add(HistoryEntry.Of(InstanceId, result.State.Sequence, e));
        if (result.Commands.Any(c => c is InstanceContinued))
        {
            // A new run: its steps replace every step row, and history before this event is compacted away.
            Steps.Clear();
            ContinuedAt = result.State.Sequence;
        }
        if (e is InstanceMigrated)
        {
            // Steps the new version left out go: every row is written again, items of for_each steps included.
            Migrated = true;
            Steps.Clear();
            foreach (var (id, step) in result.State.Steps)
            {
                Steps[id] = step;
            }
        }
        foreach (var id in result.ChangedSteps)
        {
            Steps[id] = result.State.Steps[id];
        }
        foreach (var command in result.Commands)
        {
            Record(command, now, binding, owner, leaseDuration);
        }
        Changes.Add(new HubChange(result.State, [.. result.ChangedSteps.Select(id => result.State.Steps[id])], e));
        return true;
    }

    /// <summary>Hands each outbox entry, once committed, to what carries it out: a task to start, a timer to arm (with
    /// its engine timer id), or the id of a task or timer that was consumed or cancelled.</summary>
    public void Route(Action<WorkItem> startTask, Action<WorkItem, TimerId> armTimer, Action<string> endTask, Action<string> endTimer)
    {
        foreach (var (id, item) in Work)
        {
            switch (item)
            {
                case { Kind: WorkKind.Task }:
                    startTask(item);
                    break;
                case { Kind: WorkKind.Timer }:
                    armTimer(item, TimerWork.FromJson(item.Payload).TimerId);
                    break;
                case null when WorkId.Parse(id).Kind == WorkKind.Task:
                    endTask(id);
                    break;
                case null:
                    endTimer(id);
                    break;
            }
        }
    }

    /// <summary>The store commit of everything applied.</summary>
    public InstanceCommit ToCommit() => new(
        InstanceId,
        ExpectedSequence,
        History.Count > 0 ? State : null,
        [.. Steps.Values],
        History,
        [.. Work.Values.OfType<WorkItem>()],
        [.. Work.Where(w => w.Value is null).Select(w => w.Key)],
        Created ? Binding : null,
        ContinuedAt,
        Migrated);

    private void Consume(string? workId, bool accepted, bool onlyIfAccepted)
    {
        if (workId is not null && (accepted || !onlyIfAccepted))
        {
            Work[workId] = null;
        }
    }

    private void Record(EngineCommand command, DateTimeOffset now, InstanceBinding binding, string owner, TimeSpan leaseDuration)
    {
        switch (command)
        {
            case DispatchTask d:
                var taskId = WorkId.Task(InstanceId, d.StepId, d.Attempt).ToString();
                Work[taskId] = new WorkItem(taskId, InstanceId, WorkKind.Task, now, new TaskWork(d, binding.CatalogHash).ToJson(), owner, now + leaseDuration, 1);
                break;
            case ScheduleTimer s:
                var timerId = WorkId.Timer(InstanceId, s.TimerId).ToString();
                Work[timerId] = new WorkItem(timerId, InstanceId, WorkKind.Timer, s.DueAt, new TimerWork(s.TimerId).ToJson());
                break;
            case CancelTimer c:
                Work[WorkId.Timer(InstanceId, c.TimerId).ToString()] = null;
                break;
            case CancelTask c:
                Work[WorkId.Task(InstanceId, c.StepId, c.Attempt).ToString()] = null;
                break;
        }
        Commands.Add(command);
    }
}
