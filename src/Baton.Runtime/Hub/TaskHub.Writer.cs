using Baton.Core.Engine;
using Baton.Core.Engine.Events;

namespace Baton.Runtime.Hub;

public sealed partial class TaskHub
{
    private async Task WriterLoopAsync(CancellationToken ct)
    {
        var reader = _inbox.Reader;
        var batch = new List<Message>(_options.MaxBatchSize);
        while (await reader.WaitToReadAsync(ct).ConfigureAwait(false))
        {
            batch.Clear();
            while (batch.Count < _options.MaxBatchSize && reader.TryRead(out var m))
            {
                batch.Add(m);
            }
            await ProcessBatchAsync(batch, ct).ConfigureAwait(false);
        }
    }

    /// <summary>Applies a batch of events, commits every instance's changes in one store call, then acts on them.</summary>
    private async Task ProcessBatchAsync(List<Message> batch, CancellationToken ct)
    {
        var pending = new Dictionary<string, InstanceTransaction>(StringComparer.Ordinal);
        var order = new List<InstanceTransaction>();
        var outcomes = new List<(Message Message, bool Accepted)>(batch.Count);
        var now = _time.GetUtcNow();
        try
        {
            foreach (var m in batch)
            {
                if (!pending.TryGetValue(m.InstanceId, out var p))
                {
                    p = await LoadPendingAsync(m.InstanceId, ct).ConfigureAwait(false);
                    pending[m.InstanceId] = p;
                    order.Add(p);
                }
                try
                {
                    outcomes.Add((m, await ApplyAsync(p, m, now, ct).ConfigureAwait(false)));
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // One event that cannot be applied must not sink the others in its batch; its work item
                    // stays in the outbox, so it is tried again when its lease runs out.
                    Logs.EventFailed(_logger, ex, m.Event.GetType().Name, m.InstanceId);
                    m.Done?.TrySetException(ex);
                }
            }
            var commits = order.Where(p => p.HasChanges).Select(p => p.ToCommit()).ToList();
            if (commits.Count > 0)
            {
                await _store.CommitAsync(commits, ct).ConfigureAwait(false);
                _metrics.EventsCommitted.Add(commits.Sum(c => c.History.Count));
                _metrics.BatchSize.Record(batch.Count);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            Logs.CommitFailed(_logger, ex, batch.Count);
            foreach (var p in order)
            {
                _cache.TryRemove(p.InstanceId, out _);
            }
            foreach (var m in batch)
            {
                m.Done?.TrySetException(ex);
            }
            return;
        }
        foreach (var p in order.Where(p => p.State is not null))
        {
            if (p.State!.IsTerminal)
            {
                _cache.TryRemove(p.InstanceId, out _);
            }
            else
            {
                _cache[p.InstanceId] = (p.State, p.Binding!);
            }
        }
        foreach (var (m, accepted) in outcomes)
        {
            m.Done?.TrySetResult(accepted);
        }
        foreach (var p in order)
        {
            AfterCommit(p);
        }
    }

    private async Task<InstanceTransaction> LoadPendingAsync(string instanceId, CancellationToken ct)
    {
        if (_cache.TryGetValue(instanceId, out var cached))
        {
            return new InstanceTransaction(instanceId, cached.State, cached.Binding);
        }
        var record = await _store.LoadInstanceAsync(instanceId, ct).ConfigureAwait(false);
        return new InstanceTransaction(instanceId, record?.State, record?.Binding);
    }

    /// <summary>Applies one event to the pending state of its instance.</summary>
    /// <remarks>Throws before changing anything when the event cannot be applied.</remarks>
    private async Task<bool> ApplyAsync(InstanceTransaction p, Message m, DateTimeOffset now, CancellationToken ct)
    {
        var binding = p.BindingFor(m.Binding);
        var plan = binding is null ? null : await _plans.PlanAsync(binding.DefinitionHash, ct).ConfigureAwait(false);
        return p.Apply(plan, m.Event, now, m.Binding, m.ConsumedWorkId, m.ConsumeOnlyIfAccepted, _options.OwnerId, _options.LeaseDuration);
    }

    /// <summary>Carries out what a committed batch asked for: only work whose final outbox entry is an addition runs.</summary>
    private void AfterCommit(InstanceTransaction p)
    {
        p.Route(Dispatch, (timer, timerId) => _timers.Schedule(timer.Id, timer.InstanceId, timerId, timer.DueAt), CancelInFlight, _timers.Cancel);
        foreach (var change in p.Changes)
        {
            Observe(change);
            Announce(change);
        }
        if (p.State is { IsTerminal: true } final && _waiters.TryRemove(p.InstanceId, out var waiters))
        {
            lock (waiters)
            {
                foreach (var w in waiters)
                {
                    w.TrySetResult(final);
                }
            }
        }
    }

    /// <summary>Tells each subscriber of a change; one that throws is logged and cannot stop the writer.</summary>
    private void Announce(HubChange change)
    {
        foreach (var handler in Changed?.GetInvocationList().Cast<Action<HubChange>>() ?? [])
        {
            try
            {
                handler(change);
            }
#pragma warning disable CA1031 // A subscriber's failure is its own; the writer must go on committing.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                Logs.SubscriberFailed(_logger, ex, change.State.InstanceId);
            }
        }
    }

    /// <summary>Counts starts, finishes and retries, and emits the span of a finished instance.</summary>
    private void Observe(HubChange change)
    {
        if (change.Event is InstanceStarted)
        {
            _metrics.InstancesStarted.Add(1);
        }
        _metrics.Retries.Add(change.ChangedSteps.Count(s => s.Status == StepStatus.WaitingRetry));
        if (change.State is { IsTerminal: true, CompletedAt: { } done } s)
        {
            var status = new KeyValuePair<string, object?>("status", s.Status.ToString());
            _metrics.InstancesFinished.Add(1, status);
            using var span = Telemetry.Source.StartActivity($"workflow {s.WorkflowName}", System.Diagnostics.ActivityKind.Internal,
                Telemetry.Parent(s.TraceParent), [new("baton.instance.id", s.InstanceId), new("baton.workflow.version", s.WorkflowVersion), status], startTime: s.CreatedAt);
            if (span is not null)
            {
                if (s.Error is { } e)
                {
                    span.SetStatus(System.Diagnostics.ActivityStatusCode.Error, e.Message);
                }
                span.SetEndTime(done.UtcDateTime);
            }
        }
    }

    private Task FireTimerAsync(string workId, string instanceId, string timerId)
    {
        Post(new Message(instanceId, new TimerFired(default, timerId), workId));
        return Task.CompletedTask;
    }
}
