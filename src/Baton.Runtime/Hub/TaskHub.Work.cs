using System.Collections.Concurrent;
using Baton.Core.Engine.Events;
using Baton.Runtime.Runners;
using Baton.Runtime.Store;

namespace Baton.Runtime.Hub;

public sealed partial class TaskHub
{
    private readonly ConcurrentDictionary<string, CancellationTokenSource> _inFlight = new(StringComparer.Ordinal);
    /// <summary>The hub's task slots (<see cref="TaskHubOptions.MaxConcurrentTasks"/>), handed out by step priority.</summary>
    private readonly PrioritySlots _taskSlots;

    /// <summary>The named worker pools' slots (<see cref="TaskHubOptions.Pools"/>).</summary>
    private readonly Dictionary<string, PrioritySlots> _pools;

    /// <summary>Every attempt's running task, so stopping can wait for them before it releases what they use.</summary>
    private readonly ConcurrentDictionary<Task, byte> _attempts = new();

    /// <summary>Set when stopping begins: no new attempt starts; its work stays in the store for the next start.</summary>
    private volatile bool _draining;

    /// <summary>Orders lease writes, so a renewal of in-flight work never overwrites the longer lease of work just handed over.</summary>
    private readonly SemaphoreSlim _leaseGate = new(1, 1);

    /// <summary>The slots a binding's attempts run in: its pool's, else the hub's own.</summary>
    /// <exception cref="NonRetryableTaskException">The binding names a pool this hub does not have.</exception>
    private PrioritySlots SlotsFor(Catalog.TaskBinding binding) => binding.Pool is not { } pool ? _taskSlots
        : _pools.TryGetValue(pool, out var slots) ? slots
        : throw new NonRetryableTaskException($"'{binding.Name}' runs in the worker pool '{pool}', which this host does not have. " +
            $"Give it slots with BATON_WORKER_POOLS, e.g. {pool}=2{(_pools.Count > 0 ? $" (this host has: {string.Join(", ", _pools.Keys.Order(StringComparer.Ordinal))})" : "")}.");

    /// <summary>The number of task attempts running in this host now.</summary>
    public int InFlightCount => _inFlight.Count;

    private void Dispatch(WorkItem item)
    {
        if (_draining)
        {
            return;
        }
        var cts = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
        if (!_inFlight.TryAdd(item.Id, cts))
        {
            cts.Dispose();
            return;
        }
        var attempt = Task.Run(() => RunTaskAsync(item, cts), CancellationToken.None);
        _attempts.TryAdd(attempt, 0);
        attempt.ContinueWith(done => _attempts.TryRemove(done, out _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private void CancelInFlight(string workId)
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
        using var scope = _logger.BeginScope(new Dictionary<string, object> { ["InstanceId"] = item.InstanceId, ["StepId"] = d.StepId, ["Attempt"] = d.Attempt });
        var clock = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            var catalog = await _plans.CatalogAsync(work.CatalogHash, cts.Token).ConfigureAwait(false);
            var input = await ReadValueAsync(item.InstanceId, d.Input, cts.Token).ConfigureAwait(false);
            var context = new TaskContext(item.InstanceId, d.StepId, d.Attempt, d.IdempotencyKey, d.Task, input)
            {
                ReplyTokens = ReplyTokens,
                Evaluations = _store as Slo.IEvaluationHistory,
                CatalogHash = work.CatalogHash,
                Acknowledged = item.DequeueCount > 1 && await IsAcknowledgedAsync(item.InstanceId, d.StepId, d.Attempt, cts.Token).ConfigureAwait(false),
            };
            result = await _executor.RunAsync(catalog, context, d.Timeout, cts.Token, (binding, ct) => SlotsFor(binding).EnterAsync(d.Priority, ct)).ConfigureAwait(false);
            if (result is TaskResult.Success { Output: { } output })
            {
                result = TaskResult.Ok(await OffloadAsync(item.InstanceId, output, cts.Token).ConfigureAwait(false));
            }
            if (result is TaskResult.Handed handed)
            {
                // The service reports back by event; keep the work leased so it is only delivered again if it stays silent.
                var until = handed.RedeliverAfter == Timeout.InfiniteTimeSpan ? DateTimeOffset.MaxValue : _time.GetUtcNow() + handed.RedeliverAfter;
                await _leaseGate.WaitAsync(cts.Token).ConfigureAwait(false);
                try
                {
                    _inFlight.TryRemove(item.Id, out _);
                    await _store.RenewLeasesAsync(_options.OwnerId, [item.Id], until, cts.Token).ConfigureAwait(false);
                }
                finally
                {
                    _leaseGate.Release();
                }
                span?.SetTag("baton.outcome", "handed");
                Logs.AttemptHanded(_logger, item.InstanceId, d.StepId, d.Attempt);
                return;
            }
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested)
        {
            return;
        }
        catch (Data.ClaimCheckException ex)
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
            cts.Dispose();
        }
        var outcome = result is TaskResult.Failure failure ? failure.Error.Code : "ok";
        _metrics.StepDuration.Record(System.Diagnostics.Stopwatch.GetElapsedTime(clock).TotalMilliseconds,
            new KeyValuePair<string, object?>("task", d.Task), new KeyValuePair<string, object?>("outcome", outcome));
        span?.SetTag("baton.outcome", outcome);
        if (result is TaskResult.Failure f0)
        {
            span?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, f0.Error.Message);
            Logs.AttemptFailed(_logger, item.InstanceId, d.StepId, d.Attempt, f0.Error.Code, f0.Error.Message);
        }
        Post(new Message(item.InstanceId, Ended(d.StepId, d.Attempt, result), item.Id));
    }

    /// <summary>The event that records how an attempt ended: completed with its output, or failed.</summary>
    private static WorkflowEvent Ended(string stepId, int attempt, TaskResult result) =>
        result.ToEvent(default, stepId, attempt) ?? throw new ArgumentException("An attempt ends with success or failure.", nameof(result));

    private async Task<bool> IsAcknowledgedAsync(string instanceId, string stepId, int attempt, CancellationToken ct) =>
        (await GetStateAsync(instanceId, ct).ConfigureAwait(false))?.Steps.GetValueOrDefault(stepId) is { Status: Core.Engine.StepStatus.Running, Progress: not null } step
            && step.Attempt == attempt;

    private async Task SweepLoopAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            IReadOnlyList<WorkItem> claimed;
            do
            {
                var now = _time.GetUtcNow();
                claimed = await _store.ClaimWorkAsync(WorkKind.Task, _options.OwnerId, now, now + _options.LeaseDuration, 256, ct).ConfigureAwait(false);
                foreach (var item in claimed)
                {
                    Logs.WorkRecovered(_logger, item.Id, item.DequeueCount);
                    Dispatch(item);
                }
            }
            while (claimed.Count == 256);
            await RecoverOverdueTimersAsync(ct).ConfigureAwait(false);
            _statusCounts = (await _store.CountInstancesAsync(ct).ConfigureAwait(false)).ToDictionary(p => p.Key.ToString(), p => p.Value);
            await Task.Delay(_options.SweepInterval, _time, ct).ConfigureAwait(false);
        }
    }

    /// <summary>Fires timers that are overdue by more than a sweep interval: their firing was lost (a failed commit
    /// dropped the event, or the timer was never armed in memory), so they are claimed like task work and fired again.</summary>
    /// <remarks>The claim leases each timer for <see cref="TaskHubOptions.LeaseDuration"/>, so a timer whose event is
    /// lost again is retried after that, and one that fires twice is refused by the engine the second time.</remarks>
    private async Task RecoverOverdueTimersAsync(CancellationToken ct)
    {
        var now = _time.GetUtcNow();
        foreach (var timer in await _store.ClaimWorkAsync(WorkKind.Timer, _options.OwnerId, now - _options.SweepInterval, now + _options.LeaseDuration, 256, ct).ConfigureAwait(false))
        {
            Logs.WorkRecovered(_logger, timer.Id, timer.DequeueCount);
            Post(new Message(timer.InstanceId, new TimerFired(default, TimerWork.FromJson(timer.Payload).TimerId), timer.Id));
        }
    }

    private async Task RenewLoopAsync(CancellationToken ct)
    {
        var every = _options.LeaseDuration / 3;
        while (!ct.IsCancellationRequested)
        {
            await Task.Delay(every, _time, ct).ConfigureAwait(false);
            await _leaseGate.WaitAsync(ct).ConfigureAwait(false);
            try
            {
                var ids = _inFlight.Keys.ToList();
                if (ids.Count > 0)
                {
                    await _store.RenewLeasesAsync(_options.OwnerId, ids, _time.GetUtcNow() + _options.LeaseDuration, ct).ConfigureAwait(false);
                }
            }
            finally
            {
                _leaseGate.Release();
            }
        }
    }
}
