using Baton.Runtime;
using System.Collections.Concurrent;
using Baton.Core.Engine.Events;
using Baton.Runtime.Runners;
using Baton.Embedded.Store;
using Microsoft.Extensions.Logging;
using Baton.Abstractions;
using Baton.Runtime.Catalog;

namespace Baton.Embedded;

/// <summary>Runs the hub's task attempts: each work item once at a time in this host, in its binding's slots (the hub's
/// or its pool's, served by step priority), with its lease renewed while it runs, its result posted to the writer.</summary>
/// <remarks>An attempt handed to a service keeps its work item leased until the service reports or the lease runs out.
/// Stopping (<see cref="DrainAsync"/>) starts nothing new and waits, bounded, for what runs.</remarks>
internal sealed class TaskDispatcher(ITaskHubStore store, TaskExecutor executor, PlanCache plans, EmbeddedBackendOptions options, TimeProvider time,
    ILogger logger, Action<HubWriter.Message> post, Func<Abstractions.ReplyTokens> replyTokens, CancellationToken stopping) : IDisposable
{
    private readonly ConcurrentDictionary<string, CancellationTokenSource> _inFlight = new(StringComparer.Ordinal);
    /// <summary>The hub's task slots (<see cref="EmbeddedBackendOptions.MaxConcurrentTasks"/>), handed out by step priority.</summary>
    private readonly PrioritySlots _taskSlots = new(options.MaxConcurrentTasks);

    /// <summary>The named worker pools' slots (<see cref="EmbeddedBackendOptions.Pools"/>).</summary>
    private readonly Dictionary<string, PrioritySlots> _pools = options.Pools.ToDictionary(p => p.Key, p => new PrioritySlots(p.Value), StringComparer.Ordinal);

    /// <summary>Every attempt's running task, so stopping can wait for them before it releases what they use.</summary>
    private readonly ConcurrentDictionary<Task, byte> _attempts = new();

    /// <summary>Set when stopping begins: no new attempt starts; its work stays in the store for the next start.</summary>
    private volatile bool _draining;

    /// <summary>Orders lease writes, so a renewal of in-flight work never overwrites the longer lease of work just handed over.</summary>
    private readonly SemaphoreSlim _leaseGate = new(1, 1);

    /// <summary>Stops starting attempts, waits up to <see cref="EmbeddedBackendOptions.DrainTimeout"/> for those running, then cancels
    /// the rest and waits for them to post what they have.</summary>
    public async Task DrainAsync()
    {
        _draining = true;
        var attempts = _attempts.Keys.ToArray();
        if (attempts.Length > 0)
        {
            Logs.Draining(logger, attempts.Length, options.DrainTimeout);
            await Task.WhenAny(Task.WhenAll(attempts), Task.Delay(options.DrainTimeout)).ConfigureAwait(false);
            foreach (var workId in _inFlight.Keys)
            {
                CancelInFlight(workId);
            }
            await Task.WhenAll(_attempts.Keys).ConfigureAwait(false);
        }
    }

    /// <summary>Releases the lease gate.</summary>
    public void Dispose() => _leaseGate.Dispose();

    /// <summary>The slots a binding's attempts run in: its pool's, else the hub's own.</summary>
    /// <exception cref="NonRetryableTaskException">The binding names a pool this hub does not have.</exception>
    private PrioritySlots SlotsFor(Runtime.Catalog.TaskBinding binding) => binding.Pool is not { } pool ? _taskSlots
        : _pools.TryGetValue(pool, out var slots) ? slots
        : throw new NonRetryableTaskException($"'{binding.Name}' runs in the worker pool '{pool}', which this host does not have. " +
            $"Give it slots with BATON_WORKER_POOLS, e.g. {pool}=2{(_pools.Count > 0 ? $" (this host has: {string.Join(", ", _pools.Keys.Order(StringComparer.Ordinal))})" : "")}.");

    /// <summary>The number of task attempts running in this host now.</summary>
    public int InFlightCount => _inFlight.Count;

    /// <summary>Runs a task work item unless it is running here already or the hub is stopping.</summary>
    public void Dispatch(WorkItem item)
    {
        if (_draining)
        {
            return;
        }
        var cts = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        if (!_inFlight.TryAdd(item.Id, cts))
        {
            cts.Dispose();
            return;
        }
        var attempt = Task.Run(() => RunTaskAsync(item, cts), CancellationToken.None);
        _attempts.TryAdd(attempt, 0);
        attempt.ContinueWith(done => _attempts.TryRemove(done, out _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    /// <summary>Cancels the attempt of a work item if it runs here; its result, if any, is then ignored.</summary>
    public void CancelInFlight(string workId)
    {
        if (_inFlight.TryGetValue(workId, out var cts))
        {
            try
            {
                cts.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // The attempt finished between the lookup and the cancel; its result will be ignored.
            }
        }
    }

    private async Task RunTaskAsync(WorkItem item, CancellationTokenSource cts)
    {
        var work = TaskWork.FromJson(item.Payload);
        var d = work.Command;
        TaskResult result;
        using var span = Telemetry.StartStep(item.InstanceId, d.StepId, d.Task, d.Attempt, d.IdempotencyKey, d.TraceParent);
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["InstanceId"] = item.InstanceId, ["StepId"] = d.StepId, ["Attempt"] = d.Attempt });
        var clock = System.Diagnostics.Stopwatch.GetTimestamp();
        WorkflowMetrics.TasksInFlight.Add(1);
        try
        {
            var catalog = await plans.CatalogAsync(work.CatalogHash, cts.Token).ConfigureAwait(false);
            var input = await Runtime.Data.BlobClaimCheck.ReadBackAsync(options.Data, item.InstanceId, d.Input, cts.Token).ConfigureAwait(false);
            var context = new TaskContext(item.InstanceId, d.StepId, d.Attempt, d.IdempotencyKey, d.Task, input)
            {
                ReplyTokens = replyTokens(),
                Evaluations = store as Runtime.Slo.IEvaluationHistory,
                CatalogHash = work.CatalogHash,
                TraceParent = d.TraceParent,
                Priority = d.Priority,
                Acknowledged = item.DequeueCount > 1 && await IsAcknowledgedAsync(item.InstanceId, d.StepId, d.Attempt, cts.Token).ConfigureAwait(false),
            };
            result = await executor.RunAsync(catalog, context, d.Timeout, cts.Token, (binding, ct) => SlotsFor(binding).EnterAsync(d.Priority, ct)).ConfigureAwait(false);
            if (result is TaskResult.Success { Output: { } output })
            {
                result = TaskResult.Ok(await Runtime.Data.BlobClaimCheck.KeepAsync(options.Data, item.InstanceId, output, cts.Token).ConfigureAwait(false));
            }
            if (result is TaskResult.Handed handed)
            {
                // The service reports back by event; keep the work leased so it is only delivered again if it stays silent.
                var until = handed.RedeliverAfter == Timeout.InfiniteTimeSpan ? DateTimeOffset.MaxValue : time.GetUtcNow() + handed.RedeliverAfter;
                await _leaseGate.WaitAsync(cts.Token).ConfigureAwait(false);
                try
                {
                    _inFlight.TryRemove(item.Id, out _);
                    await store.RenewLeasesAsync(options.OwnerId, [item.Id], until, cts.Token).ConfigureAwait(false);
                }
                finally
                {
                    _leaseGate.Release();
                }
                span?.SetTag("baton.outcome", "handed");
                Logs.AttemptHanded(logger, item.InstanceId, d.StepId, d.Attempt);
                return;
            }
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested)
        {
            return;
        }
        catch (Runtime.Data.ClaimCheckException ex)
        {
            result = TaskResult.Fail("DataUnavailable", ex.Message, retryable: false);
        }
#pragma warning disable CA1031 // Any runner crash becomes a failed attempt, so the workflow sees it and can retry.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            result = TaskResult.Fail("RunnerError", $"{ex.GetType().Name}: {ex.Message}");
        }
        finally
        {
            _inFlight.TryRemove(item.Id, out _);
            WorkflowMetrics.TasksInFlight.Add(-1);
            cts.Dispose();
        }
        WorkflowMetrics.AttemptEnded(d.Task, result, System.Diagnostics.Stopwatch.GetElapsedTime(clock), span);
        if (result is TaskResult.Failure f0)
        {
            Logs.AttemptFailed(logger, item.InstanceId, d.StepId, d.Attempt, f0.Error.Code, f0.Error.Message);
        }
        post(new HubWriter.Message(item.InstanceId, Ended(d.StepId, d.Attempt, result), item.Id));
    }

    /// <summary>The event that records how an attempt ended: completed with its output, or failed.</summary>
    public static WorkflowEvent Ended(string stepId, int attempt, TaskResult result) =>
        result.ToEvent(default, stepId, attempt) ?? throw new ArgumentException("An attempt ends with success or failure.", nameof(result));

    private async Task<bool> IsAcknowledgedAsync(string instanceId, string stepId, int attempt, CancellationToken ct) =>
        (await store.LoadInstanceAsync(instanceId, ct).ConfigureAwait(false))?.State.Steps.GetValueOrDefault(stepId) is { Status: Core.Engine.StepStatus.Running, Progress: not null } step
            && step.Attempt == attempt;

    /// <summary>Renews the leases of the work running here, every third of a lease.</summary>
    public async Task RenewLoopAsync(CancellationToken ct)
    {
        var every = options.LeaseDuration / 3;
        while (!ct.IsCancellationRequested)
        {
            await Task.Delay(every, time, ct).ConfigureAwait(false);
            await _leaseGate.WaitAsync(ct).ConfigureAwait(false);
            try
            {
                var ids = _inFlight.Keys.ToList();
                if (ids.Count > 0)
                {
                    await store.RenewLeasesAsync(options.OwnerId, ids, time.GetUtcNow() + options.LeaseDuration, ct).ConfigureAwait(false);
                }
            }
            finally
            {
                _leaseGate.Release();
            }
        }
    }
}
