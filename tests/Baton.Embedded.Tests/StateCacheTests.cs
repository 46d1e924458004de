using System.Collections.Immutable;
using Baton.Core.Engine;
using Baton.Embedded.Store;

namespace Baton.Embedded.Tests;

public sealed class StateCacheTests
{
    private static readonly InstanceBinding Binding = new("def", null);

    private static InstanceState State(string id) => new(id, "w", "1", InstanceStatus.Running, null, [], ImmutableSortedDictionary<string, string>.Empty, "s",
        ImmutableDictionary<string, StepState>.Empty, null, null, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, null, 0, 0);

    [Fact]
    public void Set_BeyondCapacity_DropsTheLeastRecentlyUsed()
    {
        var cache = new StateCache(2);
        cache.Set("a", State("a"), Binding);
        cache.Set("b", State("b"), Binding);
        Assert.True(cache.TryGet("a", out _, out _));

        cache.Set("c", State("c"), Binding);

        Assert.Equal(2, cache.Count);
        Assert.True(cache.TryGet("a", out var kept, out _));
        Assert.Equal("a", kept.InstanceId);
        Assert.False(cache.TryGet("b", out _, out _));
        Assert.True(cache.TryGet("c", out _, out _));
    }

    [Fact]
    public void Set_SameInstanceAgain_ReplacesItsStateWithoutGrowing()
    {
        var cache = new StateCache(10);
        cache.Set("a", State("a"), Binding);

        cache.Set("a", State("a") with { Sequence = 5 }, Binding);
        cache.Remove("missing");

        Assert.Equal(1, cache.Count);
        Assert.True(cache.TryGet("a", out var state, out _));
        Assert.Equal(5, state.Sequence);
        cache.Remove("a");
        Assert.Equal(0, cache.Count);
    }
}
