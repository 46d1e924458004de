using Baton.Runtime.Runners;

namespace Baton.Runtime.Tests.Runners;

/// <summary>Task slots go to the highest priority waiting, first come first served within one.</summary>
public sealed class PrioritySlotsTests
{
    [Fact]
    public async Task EnterAsync_SlotFreed_GoesToTheHighestPriorityThenInArrivalOrder()
    {
        var slots = new PrioritySlots(1);
        var first = await slots.EnterAsync(0, default);
        var order = new List<string>();
        var waiting = new[] { ("low-a", -5), ("normal", 0), ("high", 10), ("low-b", -5) }
            .Select(w => slots.EnterAsync(w.Item2, default).ContinueWith(t =>
            {
                lock (order)
                {
                    order.Add(w.Item1);
                }
                return t.Result;
            }, TaskScheduler.Default)).ToList();

        first.Dispose();
        var served = new HashSet<Task<IDisposable>>();
        for (var i = 0; i < waiting.Count; i++)
        {
            // Each waiter gets the slot in turn and gives it back.
            var next = await Task.WhenAny(waiting.Where(t => !served.Contains(t)));
            served.Add(next);
            (await next).Dispose();
        }
        await Task.WhenAll(waiting);

        Assert.Equal(["high", "normal", "low-a", "low-b"], order);
        Assert.Equal(1, slots.Free);
    }

    [Fact]
    public async Task EnterAsync_WaiterCancelled_LeavesTheQueueAndTheSlotGoesOn()
    {
        var slots = new PrioritySlots(1);
        var held = await slots.EnterAsync(0, default);
        using var cts = new CancellationTokenSource();
        var cancelled = slots.EnterAsync(100, cts.Token);
        var patient = slots.EnterAsync(0, default);

        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        held.Dispose();

        using var next = await patient;
        Assert.Equal(0, slots.Free);
    }

    [Fact]
    public async Task Dispose_Twice_ReleasesOnce()
    {
        var slots = new PrioritySlots(2);
        var a = await slots.EnterAsync(0, default);

        a.Dispose();
        a.Dispose();

        Assert.Equal(2, slots.Free);
    }
}
