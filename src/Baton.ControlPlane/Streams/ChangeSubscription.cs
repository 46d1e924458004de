using System.Threading.Channels;
using Baton.Abstractions;

namespace Baton.ControlPlane.Streams;

/// <summary>One stream client's queue of hub changes, which never blocks the hub's writer and never loses changes silently.</summary>
/// <remarks>The queue holds up to a bound; a change that does not fit is dropped and counted, and the reader learns of
/// it through <see cref="TakeMissed"/>, so it can send a fresh snapshot (or tell its client to re-read) instead of
/// going on as if nothing happened.</remarks>
internal sealed class ChangeSubscription : IDisposable
{
    private readonly Channel<HubChange> _channel;
    private IDisposable? _watch;
    private long _missed;

    private ChangeSubscription(int capacity) =>
        _channel = Channel.CreateBounded<HubChange>(new BoundedChannelOptions(capacity) { FullMode = BoundedChannelFullMode.Wait, SingleReader = true });

    /// <summary>Subscribes to the changes of one instance (or every one, when null); later changes are all queued.</summary>
    public static async Task<ChangeSubscription> OpenAsync(Baton.Abstractions.IWorkflowBackend backend, string? instanceId, int capacity, CancellationToken ct)
    {
        var subscription = new ChangeSubscription(capacity);
        subscription._watch = await backend.WatchAsync(instanceId, subscription.OnChanged, ct).ConfigureAwait(false);
        return subscription;
    }

    /// <summary>The changes, in commit order, less any that did not fit.</summary>
    public ChannelReader<HubChange> Reader => _channel.Reader;

    /// <summary>The changes as they come, and a null each time <paramref name="heartbeat"/> passes without one, so a stream
    /// can tell its client it is alive.</summary>
    public async IAsyncEnumerable<HubChange?> ReadAsync(TimeSpan heartbeat, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        while (true)
        {
            while (_channel.Reader.TryRead(out var change))
            {
                yield return change;
            }
            bool? more;
            using (var beat = CancellationTokenSource.CreateLinkedTokenSource(ct))
            {
                beat.CancelAfter(heartbeat);
                try
                {
                    more = await _channel.Reader.WaitToReadAsync(beat.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                {
                    more = null;
                }
            }
            if (more is null)
            {
                yield return null;
            }
            else if (more == false)
            {
                yield break;
            }
        }
    }

    /// <summary>How many changes were dropped since the last call (0 when none), resetting the count.</summary>
    public long TakeMissed() => Interlocked.Exchange(ref _missed, 0);

    public void Dispose() => _watch?.Dispose();

    private void OnChanged(HubChange change)
    {
        if (!_channel.Writer.TryWrite(change))
        {
            Interlocked.Increment(ref _missed);
        }
    }
}
