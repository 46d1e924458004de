using System.Threading.Channels;
using Baton.Runtime.Hub;

namespace Baton.Host.Endpoints;

/// <summary>One stream client's queue of hub changes, which never blocks the hub's writer and never loses changes silently.</summary>
/// <remarks>The queue holds up to a bound; a change that does not fit is dropped and counted, and the reader learns of
/// it through <see cref="TakeMissed"/>, so it can send a fresh snapshot (or tell its client to re-read) instead of
/// going on as if nothing happened.</remarks>
internal sealed class ChangeSubscription : IDisposable
{
    private readonly Channel<HubChange> _channel;
    private readonly Runtime.Backends.IWorkflowBackend _hub;
    private readonly Func<HubChange, bool> _filter;
    private long _missed;

    public ChangeSubscription(Runtime.Backends.IWorkflowBackend hub, Func<HubChange, bool> filter, int capacity)
    {
        _hub = hub;
        _filter = filter;
        _channel = Channel.CreateBounded<HubChange>(new BoundedChannelOptions(capacity) { FullMode = BoundedChannelFullMode.Wait, SingleReader = true });
        hub.Changed += OnChanged;
    }

    /// <summary>The changes, in commit order, less any that did not fit.</summary>
    public ChannelReader<HubChange> Reader => _channel.Reader;

    /// <summary>How many changes were dropped since the last call (0 when none), resetting the count.</summary>
    public long TakeMissed() => Interlocked.Exchange(ref _missed, 0);

    public void Dispose() => _hub.Changed -= OnChanged;

    private void OnChanged(HubChange change)
    {
        if (_filter(change) && !_channel.Writer.TryWrite(change))
        {
            Interlocked.Increment(ref _missed);
        }
    }
}
