using System.Collections.Immutable;
using Baton.Core.Engine;
using Baton.Core.Engine.Events;
using Baton.Embedded.Store;
using Baton.Abstractions;
using Baton.Runtime.Catalog;

namespace Baton.Embedded.Tests.Simulation;

/// <summary>The task hub's protocol run without threads, clocks or luck: one seeded random source decides every
/// delivery, store fault, runner crash, duplicate answer, clock step and process kill, so a seed replays exactly.</summary>
/// <remarks>It runs the hub's own code where the protocol lives: <see cref="InstanceTransaction"/> applies events
/// through the engine and builds each commit, <see cref="PlanCache"/> compiles plans, and a real
/// <see cref="Baton.Storage.Sqlite.SqliteTaskHubStore"/> (behind a <see cref="Baton.Testing.FaultInjectingStore"/>)
/// keeps the state. What the real hub does with threads (the writer's batches, dispatch after commit, the timer
/// wheel, the sweeper, a restart after a crash) is done here as steps chosen by the seed, the way the hub does them.</remarks>
internal sealed class SimHub(ITaskHubStore store, Random rng, IReadOnlyList<SimWorkflows.Case> cases, bool faults)
{
    public static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan SweepInterval = TimeSpan.FromSeconds(10);

    private readonly List<string> _trace = [];
    private bool _faults = faults;
    private readonly HashSet<string> _confirmed = new(StringComparer.Ordinal);
    private Dictionary<string, (InstanceState State, InstanceBinding Binding)> _cache = [];
    private List<Message> _inbox = [];
    private List<WorkItem> _inFlight = [];
    private Dictionary<string, (DateTimeOffset Due, string InstanceId, Core.Engine.TimerId TimerId)> _timers = [];
    private PlanCache _plans = new(store.GetDefinitionAsync);
    private string _owner = "sim-0";
    private int _generation;

    public DateTimeOffset Now { get; private set; } = T0;

    /// <summary>What happened, one line per step, for reproducing a failing seed.</summary>
    public IReadOnlyList<string> Trace => _trace;

    private sealed record Message(string InstanceId, WorkflowEvent Event, string? WorkId, InstanceBinding? Binding = null);

    /// <summary>Runs <paramref name="steps"/> random steps (with faults when enabled), then runs without faults until
    /// nothing is left to do; false when something was still pending after that.</summary>
    public async Task<bool> RunAsync(int steps)
    {
        await RestartAsync();
        for (var i = 0; i < steps; i++)
        {
            var roll = rng.NextDouble();
            if (roll < 0.15)
            {
                await StartPendingAsync();
            }
            else if (roll < 0.45)
            {
                await ProcessBatchAsync();
            }
            else if (roll < 0.75)
            {
                Answer();
            }
            else if (roll < 0.88)
            {
                Advance(TimeSpan.FromSeconds(rng.Next(0, 12)));
            }
            else if (roll < 0.97)
            {
                await SweepAsync();
            }
            else if (_faults && rng.NextDouble() < 0.1)
            {
                _trace.Add("kill");
                await RestartAsync();
            }
        }
        return await QuiesceAsync();
    }

    private async Task<bool> QuiesceAsync()
    {
        _faults = false;
        for (var i = 0; i < 5_000; i++)
        {
            if (_confirmed.Count < cases.Count)
            {
                await StartPendingAsync();
            }
            if (_inbox.Count > 0)
            {
                await ProcessBatchAsync();
            }
            else if (_inFlight.Count > 0)
            {
                Answer();
            }
            else if (_timers.Count > 0)
            {
                Advance(_timers.Values.Min(t => t.Due) - Now);
            }
            else if (await AllFinishedAsync())
            {
                return true;
            }
            else
            {
                // Nothing in memory, yet unfinished: only leases running out can bring lost work back.
                Advance(Lease + TimeSpan.FromSeconds(1));
                await SweepAsync();
            }
        }
        return false;
    }

    private async Task<bool> AllFinishedAsync()
    {
        foreach (var c in cases)
        {
            if ((await store.LoadInstanceAsync(c.InstanceId, default))?.State is not { IsTerminal: true })
            {
                return false;
            }
        }
        return true;
    }

    private bool Fault(double rate) => _faults && rng.NextDouble() < rate;

    /// <summary>The store fault plan: a seeded 5% of calls fail, half before and half after taking effect, and 3% are
    /// slow (the clock moves on while they run, so leases and timers run out under them); none once quiescing.</summary>
    public Testing.Fault StoreFault(string operation) =>
        Fault(0.05) ? (rng.NextDouble() < 0.5 ? Testing.Fault.Fail : Testing.Fault.FailAfter)
        : Fault(0.03) ? Testing.Fault.Delay
        : Testing.Fault.None;

    /// <summary>What a slow store call costs: up to 40 simulated seconds, more than a lease.</summary>
    public Task SlowCallAsync()
    {
        var by = TimeSpan.FromSeconds(rng.Next(1, 40));
        _trace.Add($"slow store call: +{by.TotalSeconds}s");
        Advance(by);
        return Task.CompletedTask;
    }

    /// <summary>A process start after a crash: nothing in memory survives; leases are released; timers re-armed; work swept.</summary>
    private async Task RestartAsync()
    {
        _owner = $"sim-{++_generation}";
        _cache = [];
        _inbox = [];
        _inFlight = [];
        _timers = [];
        _plans = new PlanCache(store.GetDefinitionAsync);
        await store.ReleaseAllLeasesAsync(default);
        foreach (var t in await store.ListTimersAsync(default))
        {
            _timers[t.Id] = (t.DueAt, t.InstanceId, TimerWork.FromJson(t.Payload).TimerId);
        }
        await SweepAsync();
    }

    /// <summary>The client starts every workflow it has not seen started (saving the definition first, as the hub does).</summary>
    private async Task StartPendingAsync()
    {
        foreach (var c in cases.Where(c => !_confirmed.Contains(c.InstanceId)))
        {
            try
            {
                await store.SaveDefinitionAsync(c.Definition, default);
            }
            catch (IOException)
            {
                continue;
            }
            var started = new InstanceStarted(default, c.InstanceId, c.Input.DeepClone(), $"seed-{c.InstanceId}", ImmutableSortedDictionary<string, string>.Empty);
            _inbox.Add(new Message(c.InstanceId, started, null, new InstanceBinding(c.Definition.Hash, null)));
        }
    }

    /// <summary>The writer: applies queued events per instance and commits them together, then acts on the outbox.</summary>
    private async Task ProcessBatchAsync()
    {
        var batch = _inbox.Take(rng.Next(1, 64)).ToList();
        _inbox.RemoveRange(0, batch.Count);
        var pending = new Dictionary<string, InstanceTransaction>(StringComparer.Ordinal);
        var starts = new List<string>();
        try
        {
            foreach (var m in batch)
            {
                if (!pending.TryGetValue(m.InstanceId, out var p))
                {
                    p = _cache.TryGetValue(m.InstanceId, out var cached)
                        ? new InstanceTransaction(m.InstanceId, cached.State, cached.Binding)
                        : await LoadAsync(m.InstanceId);
                    pending[m.InstanceId] = p;
                }
                try
                {
                    var binding = p.BindingFor(m.Binding);
                    var plan = binding is null ? null : await _plans.PlanAsync(binding.DefinitionHash, default);
                    p.Apply(plan, m.Event, Now, m.Binding, m.WorkId, consumeOnlyIfAccepted: false, _owner, Lease);
                    if (m.Event is InstanceStarted)
                    {
                        starts.Add(m.InstanceId);
                    }
                }
                catch (IOException)
                {
                    // One event that cannot be applied is dropped; its work stays in the outbox for redelivery.
                }
            }
            var commits = pending.Values.Where(p => p.HasChanges).Select(p => p.ToCommit()).ToList();
            if (commits.Count > 0)
            {
                await store.CommitAsync(commits, default);
            }
        }
        catch (Exception ex) when (ex is IOException or ConcurrencyException)
        {
            _trace.Add($"batch lost ({ex.Message}): {string.Join(", ", batch.Select(m => $"{m.InstanceId} {m.Event.GetType().Name}"))}");
            foreach (var id in pending.Keys)
            {
                _cache.Remove(id);
            }
            return;
        }
        _trace.Add($"committed {batch.Count} at {Now:HH:mm:ss}");
        foreach (var id in starts)
        {
            _confirmed.Add(id);
        }
        foreach (var p in pending.Values.Where(p => p.State is not null))
        {
            if (p.State!.IsTerminal)
            {
                _cache.Remove(p.InstanceId);
            }
            else
            {
                _cache[p.InstanceId] = (p.State, p.Binding!);
            }
            p.Route(
                _inFlight.Add,
                (timer, timerId) => _timers[timer.Id] = (timer.DueAt, timer.InstanceId, timerId),
                id => _inFlight.RemoveAll(w => w.Id == id),
                id => _timers.Remove(id));
        }
    }

    private async Task<InstanceTransaction> LoadAsync(string instanceId)
    {
        var record = await store.LoadInstanceAsync(instanceId, default);
        return new InstanceTransaction(instanceId, record?.State, record?.Binding);
    }

    /// <summary>A runner finishes one attempt: it may crash before answering, or answer twice.</summary>
    private void Answer()
    {
        if (_inFlight.Count == 0)
        {
            return;
        }
        var item = _inFlight[rng.Next(_inFlight.Count)];
        _inFlight.Remove(item);
        if (Fault(0.08))
        {
            _trace.Add($"runner crashed on {item.Id}");
            return;
        }
        var d = TaskWork.FromJson(item.Payload).Command;
        var output = SimWorkflows.Answer(d.Task, d.StepId, d.Attempt, d.Input);
        var result = output is null ? TaskResult.Fail("Flaky", "first attempts fail") : TaskResult.Ok(output);
        var ended = result.ToEvent(default, d.StepId, d.Attempt)!;
        _inbox.Add(new Message(item.InstanceId, ended, item.Id));
        if (Fault(0.08))
        {
            _trace.Add($"runner answered twice on {item.Id}");
            _inbox.Insert(rng.Next(_inbox.Count + 1), new Message(item.InstanceId, ended, item.Id));
        }
    }

    /// <summary>The clock moves on; due timers fire (each once, from memory, as the hub's timer wheel does).</summary>
    private void Advance(TimeSpan by)
    {
        Now += by < TimeSpan.Zero ? TimeSpan.Zero : by;
        foreach (var (id, t) in _timers.Where(t => t.Value.Due <= Now).OrderBy(t => t.Value.Due).ToList())
        {
            _timers.Remove(id);
            _inbox.Add(new Message(t.InstanceId, new TimerFired(default, t.TimerId), id));
        }
    }

    /// <summary>The sweeper: claims task work whose lease ran out (or that nobody holds) and runs it, then claims
    /// timers overdue by more than a sweep interval and fires them again.</summary>
    private async Task SweepAsync()
    {
        try
        {
            foreach (var item in await store.ClaimWorkAsync(WorkKind.Task, _owner, Now, Now + Lease, 256, default))
            {
                _inFlight.Add(item);
            }
            foreach (var t in await store.ClaimWorkAsync(WorkKind.Timer, _owner, Now - SweepInterval, Now + Lease, 256, default))
            {
                _inbox.Add(new Message(t.InstanceId, new TimerFired(default, TimerWork.FromJson(t.Payload).TimerId), t.Id));
            }
        }
        catch (IOException)
        {
            _trace.Add("sweep failed");
        }
    }
}
