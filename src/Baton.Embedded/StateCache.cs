using Baton.Core.Engine;
using Baton.Embedded.Store;

namespace Baton.Embedded;

/// <summary>The writer's memory of the running instances it committed last, so the next event on one needs no read: at most
/// a set number, the least recently used dropped first.</summary>
/// <remarks>Only an optimisation (a forgotten instance is read from the store again), so its bound is what keeps the hub's
/// memory flat however many instances wait: without one, a million instances waiting on events kept a million states.</remarks>
internal sealed class StateCache(int capacity)
{
    private readonly Dictionary<string, LinkedListNode<(string Id, InstanceState State, InstanceBinding Binding)>> _byId = new(StringComparer.Ordinal);
    private readonly LinkedList<(string Id, InstanceState State, InstanceBinding Binding)> _recent = new();
    private readonly Lock _gate = new();

    /// <summary>How many instances are kept.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _byId.Count;
            }
        }
    }

    /// <summary>The kept state and binding of an instance, which becomes the most recently used.</summary>
    public bool TryGet(string instanceId, out InstanceState state, out InstanceBinding binding)
    {
        lock (_gate)
        {
            if (_byId.TryGetValue(instanceId, out var node))
            {
                _recent.Remove(node);
                _recent.AddFirst(node);
                (state, binding) = (node.Value.State, node.Value.Binding);
                return true;
            }
        }
        (state, binding) = (null!, null!);
        return false;
    }

    /// <summary>Keeps an instance's state as the most recently used, dropping the least recently used beyond the capacity.</summary>
    public void Set(string instanceId, InstanceState state, InstanceBinding binding)
    {
        lock (_gate)
        {
            if (_byId.Remove(instanceId, out var old))
            {
                _recent.Remove(old);
            }
            _byId[instanceId] = _recent.AddFirst((instanceId, state, binding));
            while (_byId.Count > capacity && _recent.Last is { } last)
            {
                _recent.RemoveLast();
                _byId.Remove(last.Value.Id);
            }
        }
    }

    /// <summary>Forgets an instance (finished, purged, or its commit failed).</summary>
    public void Remove(string instanceId)
    {
        lock (_gate)
        {
            if (_byId.Remove(instanceId, out var node))
            {
                _recent.Remove(node);
            }
        }
    }
}
