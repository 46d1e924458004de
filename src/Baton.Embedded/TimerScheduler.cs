namespace Baton.Embedded;

/// <summary>Holds due times of durable timers in memory and calls back when each comes due.</summary>
/// <remarks>The store holds the timers durably; this only decides when to fire them in this process. Uses the
/// injected <see cref="TimeProvider"/>, so tests can move time by hand. Firing is at-least-once: a timer fired
/// twice is harmless because the engine ignores a stale timer.</remarks>
internal sealed class TimerScheduler(TimeProvider time, Func<string, string, Core.Engine.TimerId, Task> fire)
{
    private readonly PriorityQueue<(string WorkId, string InstanceId, Core.Engine.TimerId TimerId), DateTimeOffset> _queue = new();
    private readonly HashSet<string> _cancelled = new(StringComparer.Ordinal);
    private static readonly TimeSpan MaxSleep = TimeSpan.FromDays(1);
    private readonly Lock _lock = new();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _queue.Count;
            }
        }
    }

    public void Schedule(string workId, string instanceId, Core.Engine.TimerId timerId, DateTimeOffset due)
    {
        lock (_lock)
        {
            _cancelled.Remove(workId);
            _queue.Enqueue((workId, instanceId, timerId), due);
            _changed.TrySetResult();
        }
    }

    public void Cancel(string workId)
    {
        lock (_lock)
        {
            _cancelled.Add(workId);
        }
    }

    public async Task RunAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            Task changed;
            TimeSpan wait;
            var due = new List<(string WorkId, string InstanceId, Core.Engine.TimerId TimerId)>();
            lock (_lock)
            {
                var now = time.GetUtcNow();
                while (_queue.TryPeek(out var item, out var at) && at <= now)
                {
                    _queue.Dequeue();
                    if (!_cancelled.Remove(item.WorkId))
                    {
                        due.Add(item);
                    }
                }
                if (_queue.Count == 0)
                {
                    _cancelled.Clear();
                }
                // A timer further off than a day is looked at again in a day: Task.Delay takes at most about 49 days.
                wait = _queue.TryPeek(out _, out var next) ? TimeSpan.FromTicks(Math.Min((next - now).Ticks, MaxSleep.Ticks)) : Timeout.InfiniteTimeSpan;
                if (_changed.Task.IsCompleted)
                {
                    _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                }
                changed = _changed.Task;
            }
            foreach (var (workId, instanceId, timerId) in due)
            {
                await fire(workId, instanceId, timerId).ConfigureAwait(false);
            }
            if (due.Count > 0)
            {
                continue;
            }
            using var delayCts = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var delay = wait == Timeout.InfiniteTimeSpan ? Task.Delay(Timeout.Infinite, delayCts.Token) : Task.Delay(wait, time, delayCts.Token);
            await Task.WhenAny(delay, changed).ConfigureAwait(false);
            await delayCts.CancelAsync().ConfigureAwait(false);
            ct.ThrowIfCancellationRequested();
        }
    }
}
