namespace Baton.Durable;

internal sealed partial class OrchestrationRun
{
    /// <summary>Everything the orchestrator awaits, by kind and key, with completions taken in the order the framework
    /// completes them.</summary>
    /// <remarks>Each awaited task gets one continuation when it is added, run inline as the framework completes it, which
    /// queues it and wakes the loop: the same mechanism <see cref="Task.WhenAny(IEnumerable{Task})"/> uses, but once per
    /// task instead of once per task per completion, so a fan-out of n steps costs O(n) per episode, not O(n²). The
    /// framework completes durable tasks in history order, live and on replay, so the engine sees the same events in the
    /// same order every time. A task removed before it completes (a cancelled timer, an attempt no longer awaited) is
    /// skipped when its completion comes.</remarks>
    private sealed class PendingSet
    {
        private readonly Dictionary<(Kind Kind, string Key), Pending> _current = [];
        private readonly Queue<Pending> _completed = new();
        private TaskCompletionSource? _wake;
        private int _working;

        /// <summary>How many things are awaited.</summary>
        public int Count => _current.Count;

        /// <summary>Whether an activity or a service's report is awaited (work done outside the orchestration).</summary>
        public bool Working => _working > 0;

        /// <summary>Awaits a task; a key already awaited is replaced.</summary>
        public void Add(Pending pending)
        {
            Remove(pending.Kind, pending.Key);
            _current[(pending.Kind, pending.Key)] = pending;
            _working += pending.Kind is Kind.Activity or Kind.Report ? 1 : 0;
            pending.Task.ContinueWith(_ =>
            {
                _completed.Enqueue(pending);
                _wake?.TrySetResult();
            }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }

        /// <summary>Whether something awaited has completed and is waiting to be taken (an event raised in the same episode as
        /// the one just applied, say).</summary>
        public bool HasReady => _completed.Any(done => _current.TryGetValue((done.Kind, done.Key), out var current) && ReferenceEquals(current, done));

        /// <summary>Whether something of this kind and key is awaited.</summary>
        public bool Contains(Kind kind, string key) => _current.ContainsKey((kind, key));

        /// <summary>Stops awaiting something; its completion, if it comes, is then ignored.</summary>
        public void Remove(Kind kind, string key)
        {
            if (_current.Remove((kind, key), out var removed) && removed.Kind is Kind.Activity or Kind.Report)
            {
                _working--;
            }
        }

        /// <summary>The next awaited task to complete, no longer awaited once returned.</summary>
        public async Task<Pending> NextAsync()
        {
            while (true)
            {
                while (_completed.TryDequeue(out var done))
                {
                    if (_current.TryGetValue((done.Kind, done.Key), out var current) && ReferenceEquals(current, done))
                    {
                        Remove(done.Kind, done.Key);
                        return done;
                    }
                }
                _wake = new TaskCompletionSource();
                await _wake.Task.ConfigureAwait(true);
            }
        }
    }
}
