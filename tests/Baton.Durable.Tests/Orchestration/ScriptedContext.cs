using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Entities;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Baton.Durable.Tests.Orchestration;

/// <summary>A Durable orchestration context that records every action the orchestrator takes and completes them
/// one at a time, either by simulating a world (a live run) or from a recorded history (a replay).</summary>
/// <remarks>Completions run the orchestrator's continuations inline, as the Durable Task SDK's executor does, so
/// after each completion the orchestrator has gone as far as it can before the next one.</remarks>
internal sealed class ScriptedContext(string instanceId, DateTime start) : TaskOrchestrationContext
{
    private readonly List<Outstanding> _outstanding = [];
    private readonly PumpContext _pump = new();
    private DateTime _now = start;

    /// <summary>Every action in the order the orchestrator took it: activity calls, timers, waits, continue-as-new.</summary>
    public List<string> Actions { get; } = [];

    /// <summary>Each completion delivered, in order: what a Durable history holds.</summary>
    public List<HistoryEntry> History { get; } = [];

    /// <summary>The last custom status set.</summary>
    public object? CustomStatus { get; private set; }

    /// <summary>The input the orchestrator continued as new with, if it did.</summary>
    public object? ContinuedWith { get; private set; }

    public override TaskName Name => DurableNames.Orchestrator;

    public override string InstanceId => instanceId;

    public override ParentOrchestrationInstance? Parent => null;

    public override DateTime CurrentUtcDateTime => _now;

    public override bool IsReplaying => false;

    public override TaskOrchestrationEntityFeature Entities => throw new NotSupportedException();

    protected override ILoggerFactory LoggerFactory => NullLoggerFactory.Instance;

    public override T GetInput<T>() => throw new NotSupportedException("The generic orchestrator is given its input.");

    public override Task<TResult> CallActivityAsync<TResult>(TaskName name, object? input = null, TaskOptions? options = null)
    {
        if (input is KeptHistory kept)
        {
            // Keeping the last execution's events is bookkeeping with no result the orchestrator uses: done at once.
            Kept.AddRange(kept.History);
            Actions.Add($"activity {name.Name} {kept.History.Count} events");
            return Task.FromResult((TResult)(object)true);
        }
        var activity = (TaskActivityInput)input!;
        var key = $"{activity.StepId}:{activity.Attempt}";
        Actions.Add($"activity {name.Name} {key} {JsonSerializer.Serialize(activity)}");
        return Add<TResult>("activity", key, _now, activity);
    }

    public override Task CreateTimer(DateTime fireAt, CancellationToken cancellationToken)
    {
        Actions.Add($"timer {fireAt:O}");
        var task = Add<object?>("timer", fireAt.ToString("O"), fireAt, null);
        var entry = _outstanding[^1];
        cancellationToken.Register(() =>
        {
            _outstanding.Remove(entry);
            entry.Cancel();
        });
        return task;
    }

    public override Task<T> WaitForExternalEvent<T>(string eventName, CancellationToken cancellationToken = default)
    {
        Actions.Add($"wait {eventName}");
        return Add<T>("event", eventName, DateTime.MaxValue, null);
    }

    public override void SendEvent(string instanceId, string eventName, object payload) => throw new NotSupportedException();

    public override void SetCustomStatus(object? customStatus) => CustomStatus = customStatus;

    public override Task<TResult> CallSubOrchestratorAsync<TResult>(TaskName orchestratorName, object? input = null, TaskOptions? options = null) =>
        throw new NotSupportedException();

    public override void ContinueAsNew(object? newInput = null, bool preserveUnprocessedEvents = true)
    {
        Actions.Add("continue-as-new");
        ContinuedWith = newInput;
    }

    public override Guid NewGuid() => throw new NotSupportedException("The generic orchestrator never draws guids.");

    /// <summary>The engine events the orchestration asked to keep (<see cref="DurableNames.KeepHistory"/>).</summary>
    public List<Baton.Abstractions.HistoryEntry> Kept { get; } = [];

    /// <summary>Runs the simulated world: activities answer at once through <paramref name="respond"/> (in the
    /// order called), then scripted events are raised once something waits for them, then timers fire in due order,
    /// moving the clock. With <paramref name="eventsTogether"/>, every scripted event something waits for is raised in
    /// one episode, before the orchestrator runs again (as when several arrive in one batch).</summary>
    public JsonNode? RunLive(Func<Task<JsonNode?>> start, Func<TaskActivityInput, TaskOutcome> respond, Queue<(string Name, object? Data)> events,
        bool eventsTogether = false) =>
        Pumped(start, orchestration =>
        {
            while (!orchestration.IsCompleted)
            {
                if (eventsTogether && events.Count > 1 && _outstanding.Count(o => o.Kind == "event" && events.Any(e => e.Name == o.Key)) > 1)
                {
                    // Completed off the orchestrator's context, so none of its continuations runs inline before the last.
                    SynchronizationContext.SetSynchronizationContext(null);
                    while (events.Count > 0 && _outstanding.FirstOrDefault(o => o.Kind == "event" && o.Key == events.Peek().Name) is { } waiting)
                    {
                        Deliver(waiting, events.Dequeue().Data, drain: false);
                    }
                    SynchronizationContext.SetSynchronizationContext(_pump);
                    _pump.Drain();
                    continue;
                }
                var next = _outstanding.FirstOrDefault(o => o.Kind == "activity")
                    ?? (events.Count > 0 ? _outstanding.FirstOrDefault(o => o.Kind == "event" && o.Key == events.Peek().Name) : null)
                    ?? _outstanding.Where(o => o.Kind == "timer").MinBy(o => o.Due)
                    ?? throw new InvalidOperationException("The orchestrator waits for nothing the world can give: " + string.Join(", ", Actions));
                if (next.Kind == "timer")
                {
                    _now = next.Due > _now ? next.Due : _now;
                }
                object? result = next.Kind switch
                {
                    "activity" => respond((TaskActivityInput)next.Input!),
                    "event" => events.Dequeue().Data,
                    _ => null,
                };
                Deliver(next, result);
            }
        });

    /// <summary>Replays a recorded history: each completion must find the very action it completed the first time.</summary>
    public JsonNode? Replay(Func<Task<JsonNode?>> start, IReadOnlyList<HistoryEntry> history) =>
        Pumped(start, _ =>
        {
            foreach (var entry in history)
            {
                var match = _outstanding.FirstOrDefault(o => o.Kind == entry.Kind && o.Key == entry.Key)
                    ?? throw new InvalidOperationException($"Replay diverged: history completes {entry.Kind} {entry.Key}, which the orchestrator never asked for.");
                _now = entry.At;
                Deliver(match, entry.Result);
            }
        });

    /// <summary>Runs the orchestrator on one thread with a pumped synchronization context, so after each completion
    /// every continuation has run before the next completion is chosen, as in the Durable Task SDK's executor.</summary>
    private JsonNode? Pumped(Func<Task<JsonNode?>> start, Action<Task<JsonNode?>> drive)
    {
        var previous = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(_pump);
        try
        {
            var orchestration = start();
            _pump.Drain();
            drive(orchestration);
            return orchestration.GetAwaiter().GetResult();
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(previous);
        }
    }

    private void Deliver(Outstanding o, object? result, bool drain = true)
    {
        _outstanding.Remove(o);
        History.Add(new HistoryEntry(o.Kind, o.Key, _now, result));
        o.Complete(result);
        if (drain)
        {
            _pump.Drain();
        }
    }

    private Task<T> Add<T>(string kind, string key, DateTime due, object? input)
    {
        var tcs = new TaskCompletionSource<T>();
        _outstanding.Add(new Outstanding(kind, key, due, input, r => tcs.SetResult((T)r!), () => tcs.TrySetCanceled()));
        return tcs.Task;
    }

    /// <summary>One completion in a history: what completed, when, with what.</summary>
    public sealed record HistoryEntry(string Kind, string Key, DateTime At, object? Result);

    /// <summary>A synchronization context whose posted continuations run when drained, on the driving thread.</summary>
    private sealed class PumpContext : SynchronizationContext
    {
        private readonly Queue<(SendOrPostCallback Callback, object? State)> _queue = new();

        public override void Post(SendOrPostCallback d, object? state) => _queue.Enqueue((d, state));

        public override void Send(SendOrPostCallback d, object? state) => d(state);

        public void Drain()
        {
            while (_queue.TryDequeue(out var item))
            {
                item.Callback(item.State);
            }
        }
    }

    private sealed record Outstanding(string Kind, string Key, DateTime Due, object? Input, Action<object?> Complete, Action Cancel);
}
