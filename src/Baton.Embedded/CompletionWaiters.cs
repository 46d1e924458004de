using System.Collections.Concurrent;
using Baton.Core.Engine;

namespace Baton.Embedded;

/// <summary>Callers waiting for instances to finish, told by the writer after the commit that finished each one.</summary>
/// <remarks>A waiter registers before it reads the state, so a finish committed between the two is never missed.</remarks>
internal sealed class CompletionWaiters
{
    private readonly ConcurrentDictionary<string, List<TaskCompletionSource<InstanceState>>> _waiters = new(StringComparer.Ordinal);

    /// <summary>Waits until the instance is in a final status; <paramref name="read"/> reads its committed state.</summary>
    /// <exception cref="KeyNotFoundException">There is no such instance.</exception>
    public async Task<InstanceState> WaitAsync(string instanceId, Func<CancellationToken, Task<InstanceState?>> read, CancellationToken cancellationToken)
    {
        var tcs = new TaskCompletionSource<InstanceState>(TaskCreationOptions.RunContinuationsAsynchronously);
        var list = _waiters.GetOrAdd(instanceId, _ => []);
        lock (list)
        {
            list.Add(tcs);
        }
        var current = await read(cancellationToken).ConfigureAwait(false) ?? throw new KeyNotFoundException($"No instance '{instanceId}'.");
        if (current.IsTerminal)
        {
            return current;
        }
        using var registration = cancellationToken.Register(() => tcs.TrySetCanceled(cancellationToken));
        return await tcs.Task.ConfigureAwait(false);
    }

    /// <summary>Tells everyone waiting for this instance that it finished with this state.</summary>
    public void Finished(InstanceState final)
    {
        if (_waiters.TryRemove(final.InstanceId, out var waiters))
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
}
