namespace Baton.Runtime.Runners;

/// <summary>A fixed number of task slots handed out highest priority first, first come first served within a priority.</summary>
/// <remarks>The embedded hub's task slots (<c>BATON_MAX_CONCURRENT_TASKS</c>, and its worker pools) and every binding's <c>max_concurrency</c>: when attempts wait for a slot, a step's
/// <c>priority</c> decides which goes next, across every instance of the hub. A waiter whose token is cancelled
/// leaves the queue without taking a slot.</remarks>
public sealed class PrioritySlots(int count)
{
    private readonly Lock _gate = new();
    private readonly PriorityQueue<TaskCompletionSource<IDisposable>, (int NegativePriority, long Order)> _waiting = new();
    private int _free = count;
    private long _order;

    /// <summary>Slots free now.</summary>
    public int Free
    {
        get
        {
            lock (_gate)
            {
                return _free;
            }
        }
    }

    /// <summary>Waits for a slot; dispose what it returns to give the slot back.</summary>
    public Task<IDisposable> EnterAsync(int priority, CancellationToken ct)
    {
        TaskCompletionSource<IDisposable> waiter;
        lock (_gate)
        {
            if (_free > 0 && _waiting.Count == 0)
            {
                _free--;
                return Task.FromResult<IDisposable>(new Slot(this));
            }
            waiter = new TaskCompletionSource<IDisposable>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiting.Enqueue(waiter, (-priority, _order++));
        }
        if (ct.CanBeCanceled)
        {
            var registration = ct.Register(() => waiter.TrySetCanceled(ct));
            _ = waiter.Task.ContinueWith(_ => registration.Dispose(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
        return waiter.Task;
    }

    private void Release()
    {
        lock (_gate)
        {
            while (_waiting.TryDequeue(out var next, out _))
            {
                if (next.TrySetResult(new Slot(this)))
                {
                    return; // the slot passes straight to the next waiter
                }
            }
            _free++;
        }
    }

    private sealed class Slot(PrioritySlots owner) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                owner.Release();
            }
        }
    }
}
