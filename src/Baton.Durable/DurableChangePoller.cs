using System.Collections.Concurrent;
using Baton.Core.Engine;
using Microsoft.DurableTask.Client;
using Baton.Abstractions;
using Baton.Runtime.Catalog;

namespace Baton.Durable;

/// <summary>Learns of changes to Durable instances by reading them while someone watches, and tells the watchers.</summary>
/// <remarks>The Durable Task Framework has no change feed a client can follow, so a watch costs reads: a watcher of one
/// instance costs one read of it per <see cref="Interval"/> (and a replay of its history when it changed); a watcher of
/// every instance costs one query of the instances that have not finished (plus one read of each that finished since the
/// last query), whose custom status says how far each has come. Nothing is read while no one watches.
/// A watch starts with a read of what it watches, so only what changes after <see cref="WatchAsync"/> returns is reported;
/// an instance seen for the first time by a whole-hub watch is reported as a change.</remarks>
internal sealed class DurableChangePoller(DurableTaskClient client, PlanCache plans, DurableTimelines timelines, TimeProvider time) : IAsyncDisposable
{
    /// <summary>How often watched instances are read.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(300);

    private static readonly OrchestrationRuntimeStatus[] Unfinished =
        [OrchestrationRuntimeStatus.Pending, OrchestrationRuntimeStatus.Running, OrchestrationRuntimeStatus.Suspended];

    private readonly ConcurrentDictionary<string, InstanceState> _seen = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private readonly List<Watcher> _watchers = [];
    private CancellationTokenSource? _stop;
    private Task _loop = Task.CompletedTask;

    /// <summary>Starts telling <paramref name="handler"/> of changes to one instance (or every one, when null) after a first read.</summary>
    public async Task<IDisposable> WatchAsync(string? instanceId, Action<HubChange> handler, CancellationToken cancellationToken)
    {
        foreach (var state in await ReadAsync(instanceId is null, instanceId is null ? [] : [instanceId], cancellationToken).ConfigureAwait(false))
        {
            _seen.TryAdd(state.InstanceId, state);
        }
        var watcher = new Watcher(this, instanceId, handler);
        lock (_gate)
        {
            _watchers.Add(watcher);
            if (_stop is null)
            {
                var stop = new CancellationTokenSource();
                _stop = stop;
                _loop = Task.Run(() => PollAsync(stop), CancellationToken.None);
            }
        }
        return watcher;
    }

    /// <summary>Forgets an instance (it was purged), so a new one with its id counts as new.</summary>
    public void Forget(string instanceId) => _seen.TryRemove(instanceId, out _);

    /// <summary>Stops polling and waits for the last read to end.</summary>
    public async ValueTask DisposeAsync()
    {
        Task loop;
        lock (_gate)
        {
            _watchers.Clear();
            _stop?.Cancel();
            _stop = null;
            loop = _loop;
        }
        await loop.ConfigureAwait(false);
    }

    private void Unwatch(Watcher watcher)
    {
        lock (_gate)
        {
            _watchers.Remove(watcher);
            if (_watchers.Count == 0 && _stop is { } stop)
            {
                stop.Cancel();
                _stop = null;
                _seen.Clear();
            }
        }
    }

    private async Task PollAsync(CancellationTokenSource stop)
    {
        using (stop)
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    await Task.Delay(Interval, time, stop.Token).ConfigureAwait(false);
                    await PollOnceAsync(stop.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                    return;
                }
#pragma warning disable CA1031 // A failed read is retried at the next interval; watchers just see no change meanwhile.
                catch (Exception)
#pragma warning restore CA1031
                {
                }
            }
        }
    }

    private async Task PollOnceAsync(CancellationToken ct)
    {
        Watcher[] watchers;
        lock (_gate)
        {
            watchers = [.. _watchers];
        }
        var all = watchers.Any(w => w.InstanceId is null);
        var named = watchers.Where(w => w.InstanceId is not null).Select(w => w.InstanceId!).ToHashSet(StringComparer.Ordinal);
        if (all)
        {
            // Those last seen unfinished are read once more: the query of unfinished instances no longer finds them when they end.
            named.UnionWith(_seen.Where(s => !s.Value.Status.IsFinal()).Select(s => s.Key));
        }
        foreach (var now in await ReadAsync(all, named, ct).ConfigureAwait(false))
        {
            var before = _seen.GetValueOrDefault(now.InstanceId);
            _seen[now.InstanceId] = now;
            if (before is not null && before.Sequence >= now.Sequence && before.Status == now.Status)
            {
                continue;
            }
            var changed = now.Steps.Values.Where(s => before?.Steps.GetValueOrDefault(s.Id) is not { } old || old.Status != s.Status || old.Attempt != s.Attempt)
                .OrderBy(s => s.Id, StringComparer.Ordinal).ToList();
            var change = new HubChange(now, changed, new StatusObserved(now.UpdatedAt));
            foreach (var w in watchers.Where(w => w.InstanceId is null || w.InstanceId == now.InstanceId))
            {
                w.Handler(change);
            }
        }
        // Finished instances no one watches by name are not read again, so their last state need not be kept.
        var keep = watchers.Where(w => w.InstanceId is not null).Select(w => w.InstanceId!).ToHashSet(StringComparer.Ordinal);
        foreach (var (id, state) in _seen)
        {
            if (state.Status.IsFinal() && !keep.Contains(id))
            {
                _seen.TryRemove(id, out _);
            }
        }
    }

    /// <summary>Reads the unfinished instances (when <paramref name="unfinished"/>) and the named ones.</summary>
    private async Task<List<InstanceState>> ReadAsync(bool unfinished, IReadOnlyCollection<string> ids, CancellationToken ct)
    {
        var states = new Dictionary<string, InstanceState>(StringComparer.Ordinal);
        if (unfinished)
        {
            var query = new OrchestrationQuery { Statuses = Unfinished, FetchInputsAndOutputs = true, PageSize = 200 };
            await foreach (var metadata in client.GetAllInstancesAsync(query).WithCancellation(ct).ConfigureAwait(false))
            {
                states[metadata.InstanceId] = DurableStates.From(metadata, plans);
            }
        }
        foreach (var id in ids.Where(id => !states.ContainsKey(id)))
        {
            if (await client.GetInstanceAsync(id, getInputsAndOutputs: true, ct).ConfigureAwait(false) is { } metadata)
            {
                // An instance watched by name is read as its status route reads it: from its timeline, replayed when it changed.
                states[id] = DurableStates.From(metadata, plans, await timelines.ReadAsync(client, metadata, ct).ConfigureAwait(false));
            }
            else
            {
                _seen.TryRemove(id, out _);
            }
        }
        return [.. states.Values];
    }

    /// <summary>The change a read observed (the Durable backend does not see the engine's events one by one).</summary>
    public sealed record StatusObserved(DateTimeOffset At) : Core.Engine.Events.WorkflowEvent(At);

    private sealed class Watcher(DurableChangePoller poller, string? instanceId, Action<HubChange> handler) : IDisposable
    {
        public string? InstanceId => instanceId;

        public Action<HubChange> Handler => handler;

        public void Dispose() => poller.Unwatch(this);
    }
}
