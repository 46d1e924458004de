using System.Threading.Channels;
using Baton.Core.Engine;
using Baton.Core.Engine.Events;
using Baton.Embedded.Store;
using Microsoft.Extensions.Logging;
using Baton.Runtime.Catalog;

namespace Baton.Embedded;

/// <summary>The hub's one writer: takes events from every source, applies them through the engine in batches, commits each
/// batch in one store call (group commit), and only then hands what the batch asked for to <c>afterCommit</c>.</summary>
/// <remarks>It keeps the state of running instances it has committed, so the next event on one needs no read. A batch
/// whose commit fails forgets those states and fails its callers; the work items behind its events are still in the
/// outbox and come back.</remarks>
internal sealed class HubWriter(ITaskHubStore store, PlanCache plans, EmbeddedBackendOptions options, TimeProvider time, HubMetrics metrics, ILogger logger,
    Action<InstanceTransaction> afterCommit)
{
    private readonly Channel<Message> _inbox = Channel.CreateUnbounded<Message>(new UnboundedChannelOptions { SingleReader = true });
    private readonly StateCache _cache = new(options.MaxCachedInstances);

    /// <summary>Events waiting for the writer.</summary>
    public int QueueLength => _inbox.Reader.Count;

    /// <summary>Queues an event and waits until its batch is committed; true when the engine accepted it.</summary>
    public async Task<bool> SendAsync(Message message, CancellationToken ct)
    {
        var done = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        await _inbox.Writer.WriteAsync(message with { Done = done }, ct).ConfigureAwait(false);
        return await done.Task.WaitAsync(ct).ConfigureAwait(false);
    }

    /// <summary>Queues an event without waiting (runners' results and timers).</summary>
    public void Post(Message message) => _inbox.Writer.TryWrite(message);

    /// <summary>Accepts no more events; the loop ends once it has committed those queued.</summary>
    public void Complete() => _inbox.Writer.TryComplete();

    /// <summary>Drops the kept state of an instance (purged), so it is read again if it comes back.</summary>
    public void Forget(string instanceId) => _cache.Remove(instanceId);

    /// <summary>The writer loop: batches of at most <see cref="EmbeddedBackendOptions.MaxBatchSize"/> events, until completed.</summary>
    public async Task RunAsync(CancellationToken ct)
    {
        var reader = _inbox.Reader;
        var batch = new List<Message>(options.MaxBatchSize);
        while (await reader.WaitToReadAsync(ct).ConfigureAwait(false))
        {
            batch.Clear();
            while (batch.Count < options.MaxBatchSize && reader.TryRead(out var m))
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
        var now = time.GetUtcNow();
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
                    Logs.EventFailed(logger, ex, m.Event.GetType().Name, m.InstanceId);
                    m.Done?.TrySetException(ex);
                }
            }
            var commits = order.Where(p => p.HasChanges).Select(p => p.ToCommit()).ToList();
            if (commits.Count > 0)
            {
                await store.CommitAsync(commits, ct).ConfigureAwait(false);
                metrics.BatchSize.Record(batch.Count);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            Logs.CommitFailed(logger, ex, batch.Count);
            foreach (var p in order)
            {
                _cache.Remove(p.InstanceId);
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
                _cache.Remove(p.InstanceId);
            }
            else
            {
                _cache.Set(p.InstanceId, p.State, p.Binding!);
            }
        }
        foreach (var (m, accepted) in outcomes)
        {
            m.Done?.TrySetResult(accepted);
        }
        foreach (var p in order)
        {
            afterCommit(p);
        }
    }

    private async Task<InstanceTransaction> LoadPendingAsync(string instanceId, CancellationToken ct)
    {
        if (_cache.TryGet(instanceId, out var state, out var binding))
        {
            return new InstanceTransaction(instanceId, state, binding);
        }
        var record = await store.LoadInstanceAsync(instanceId, ct).ConfigureAwait(false);
        return new InstanceTransaction(instanceId, record?.State, record?.Binding);
    }

    /// <summary>Applies one event to the pending state of its instance.</summary>
    /// <remarks>Throws before changing anything when the event cannot be applied.</remarks>
    private async Task<bool> ApplyAsync(InstanceTransaction p, Message m, DateTimeOffset now, CancellationToken ct)
    {
        var binding = p.BindingFor(m.Binding);
        var plan = await PlanForAsync(binding, p.State, m.Event, ct).ConfigureAwait(false);
        if (m.Event is InstanceMigrated && p.State is { } current && plan is not null
            && Migration.Check((await PlanForAsync(binding, current, null, ct).ConfigureAwait(false))!, plan, current).Count > 0)
        {
            // Checked again here, atomically with the move: the instance moved on since its caller checked.
            return false;
        }
        var accepted = p.Apply(plan, m.Event, now, m.Binding, m.ConsumedWorkId, m.ConsumeOnlyIfAccepted, options.OwnerId, options.LeaseDuration);
        if (accepted && m.Then is { } then)
        {
            // A fork: the recorded events follow its start in the same transaction; each consumes the work it finished,
            // and one the engine refuses now (the new input took another path) is left out, as a late result would be.
            foreach (var r in then)
            {
                p.Apply(await PlanForAsync(binding, p.State, r.Event, ct).ConfigureAwait(false), r.Event, now, null, r.ConsumedWorkId, consumeOnlyIfAccepted: false,
                    options.OwnerId, options.LeaseDuration);
            }
        }
        return accepted;
    }

    /// <summary>The plan an event applies with: a migration's target, else the definition the instance runs in <paramref name="state"/>
    /// (the one it was migrated to, or the one it started with); null without a binding.</summary>
    private async Task<WorkflowPlan?> PlanForAsync(InstanceBinding? binding, InstanceState? state, WorkflowEvent? e, CancellationToken ct) =>
        binding is null ? null
            : await plans.PlanAsync(e is InstanceMigrated m ? m.ToDefinition : state?.Definition ?? binding.DefinitionHash, binding.CatalogHash, ct).ConfigureAwait(false);

    /// <summary>An event for the writer, with the work item it consumes and who waits for the commit.</summary>
    /// <remarks>Reports from outside consume their work item only when accepted, so a forged or stale report
    /// touches nothing.</remarks>
    public sealed record Message(string InstanceId, WorkflowEvent Event, string? ConsumedWorkId,
        InstanceBinding? Binding = null, TaskCompletionSource<bool>? Done = null, bool ConsumeOnlyIfAccepted = false)
    {
        /// <summary>Events applied right after <see cref="Event"/> in the same transaction when it is accepted (a fork's replay).</summary>
        public IReadOnlyList<Replayed>? Then { get; init; }
    }

    /// <summary>A recorded event a fork applies again, with the work item it finished (in the fork's own ids).</summary>
    public sealed record Replayed(WorkflowEvent Event, string? ConsumedWorkId);
}
