using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Microsoft.Extensions.Logging;
using Baton.Abstractions;

namespace Baton.Durable;

/// <summary>Serves one worker pool on the Durable backend: takes attempts from the pool's queue, at most
/// <c>slots</c> at a time, runs each through the task activity, and raises its report on the instance.</summary>
/// <remarks>At least once, like every task dispatch: a message stays hidden while its attempt runs (the lease is renewed)
/// and is deleted only after the report is raised, so a worker killed mid-attempt leaves it to reappear for another
/// worker after <see cref="Lease"/>, with the same idempotency key. A report for an attempt the instance no longer waits
/// for changes nothing. A message that keeps failing to be handled (<see cref="MaxDeliveries"/>) is reported as a
/// failed attempt and dropped, so it cannot block the pool.</remarks>
public sealed class PoolWorker : IAsyncDisposable
{
    /// <summary>How long a taken message stays hidden without renewal.</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);

    /// <summary>Deliveries of one message before it is given up.</summary>
    public const int MaxDeliveries = 5;

    private readonly QueueClient _queue;
    private readonly string _pool;
    private readonly SemaphoreSlim _slots;
    private readonly Func<TaskActivityInput, CancellationToken, Task<Baton.Abstractions.TaskResult>> _run;
    private readonly Func<string, TaskReport, CancellationToken, Task> _report;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly TimeSpan _idlePoll;
    private Task _loop = Task.CompletedTask;

    /// <param name="queues">The hub's pool queues.</param>
    /// <param name="pool">The pool this worker serves.</param>
    /// <param name="slots">Attempts run at once.</param>
    /// <param name="run">Runs an attempt here (the task activity's <see cref="TaskActivity.RunHereAsync"/>).</param>
    /// <param name="report">Raises an attempt's report on its instance (<see cref="DurableWorkflowClient.ReportAsync"/>).</param>
    /// <param name="logger">Where failures to handle a message are logged.</param>
    /// <param name="idlePoll">The longest wait between polls of an empty queue.</param>
    public PoolWorker(PoolQueues queues, string pool, int slots, Func<TaskActivityInput, CancellationToken, Task<Baton.Abstractions.TaskResult>> run,
        Func<string, TaskReport, CancellationToken, Task> report, ILogger logger, TimeSpan? idlePoll = null)
    {
        ArgumentNullException.ThrowIfNull(queues);
        ArgumentOutOfRangeException.ThrowIfLessThan(slots, 1);
        _queue = queues.Queue(pool);
        _pool = pool;
        _slots = new SemaphoreSlim(slots, slots);
        _run = run;
        _report = report;
        _logger = logger;
        _idlePoll = idlePoll ?? TimeSpan.FromMilliseconds(500);
    }

    /// <summary>Makes the queue if needed and starts taking attempts.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await _queue.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        _loop = Task.Run(() => LoopAsync(_stop.Token), CancellationToken.None);
    }

    private async Task LoopAsync(CancellationToken stop)
    {
        var running = new List<Task>();
        var idle = TimeSpan.FromMilliseconds(20);
        try
        {
            while (!stop.IsCancellationRequested)
            {
                await _slots.WaitAsync(stop).ConfigureAwait(false);
                QueueMessage[] taken;
                try
                {
                    taken = (await _queue.ReceiveMessagesAsync(1, Lease, stop).ConfigureAwait(false)).Value;
                }
                catch (Azure.RequestFailedException ex)
                {
                    _slots.Release();
                    Logs.PoolQueueUnavailable(_logger, _pool, ex.Message);
                    await Task.Delay(_idlePoll, stop).ConfigureAwait(false);
                    continue;
                }
                if (taken.Length == 0)
                {
                    _slots.Release();
                    await Task.Delay(idle, stop).ConfigureAwait(false);
                    idle = TimeSpan.FromTicks(Math.Min(idle.Ticks * 2, _idlePoll.Ticks));
                    continue;
                }
                idle = TimeSpan.FromMilliseconds(20);
                running.RemoveAll(t => t.IsCompleted);
                running.Add(Task.Run(async () =>
                {
                    try
                    {
                        await HandleAsync(taken[0], stop).ConfigureAwait(false);
                    }
                    finally
                    {
                        _slots.Release();
                    }
                }, CancellationToken.None));
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
        await Task.WhenAll(running).ConfigureAwait(false);
    }

    private async Task HandleAsync(QueueMessage message, CancellationToken stop)
    {
        var receipt = message.PopReceipt;
        using var done = CancellationTokenSource.CreateLinkedTokenSource(stop);
        var renewing = RenewAsync(message.MessageId, () => receipt, r => receipt = r, done.Token);
        try
        {
            TaskActivityInput input;
            try
            {
                input = PoolQueues.Read(message);
            }
            catch (System.Text.Json.JsonException ex)
            {
                Logs.PoolMessageUnreadable(_logger, _pool, message.MessageId, ex.Message);
                await done.CancelAsync().ConfigureAwait(false);
                await renewing.ConfigureAwait(false);
                await _queue.DeleteMessageAsync(message.MessageId, receipt, CancellationToken.None).ConfigureAwait(false);
                return;
            }
            var result = message.DequeueCount > MaxDeliveries
                ? TaskResult.Fail("PoolDeliveryFailed", $"The attempt was taken from pool '{_pool}' {message.DequeueCount - 1} times without a report; it is given up.", retryable: false)
                : await _run(input, stop).ConfigureAwait(false);
            if (result is not TaskResult.Handed)
            {
                await _report(input.InstanceId, TaskReport.Finished(input.StepId, input.Attempt, result), stop).ConfigureAwait(false);
            }
            await done.CancelAsync().ConfigureAwait(false);
            await renewing.ConfigureAwait(false);
            await _queue.DeleteMessageAsync(message.MessageId, receipt, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !stop.IsCancellationRequested)
        {
            // Left on the queue: it reappears after the lease, for this worker or another.
            Logs.PoolAttemptNotReported(_logger, _pool, message.MessageId, ex.Message);
        }
        finally
        {
            await done.CancelAsync().ConfigureAwait(false);
            await renewing.ConfigureAwait(false);
        }
    }

    // Keeps the message hidden while its attempt runs.
    private async Task RenewAsync(string messageId, Func<string> receipt, Action<string> renewed, CancellationToken done)
    {
        try
        {
            while (true)
            {
                await Task.Delay(Lease / 3, done).ConfigureAwait(false);
                var update = await _queue.UpdateMessageAsync(messageId, receipt(), visibilityTimeout: Lease, cancellationToken: done).ConfigureAwait(false);
                renewed(update.Value.PopReceipt);
            }
        }
        catch (OperationCanceledException) when (done.IsCancellationRequested)
        {
        }
        catch (Azure.RequestFailedException ex)
        {
            Logs.PoolLeaseLost(_logger, _pool, messageId, ex.Message);
        }
    }

    /// <summary>Stops taking attempts and waits for those running.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        _stop.Dispose();
        _slots.Dispose();
    }
}
