using System.Collections.Immutable;
using System.Text.Json.Nodes;
using Baton.Runtime.Catalog;
using Baton.Runtime.Runners;
using Baton.Testing;
using Baton.Abstractions;

namespace Baton.Runtime.Tests.Runners;

/// <summary>A binding's max_concurrency: attempts over it wait, holding no host slot and spending none of their timeout.</summary>
public sealed class BindingConcurrencyTests
{
    private int _running;
    private int _peak;
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private (TaskExecutor, TaskCatalog) Setup(int limit)
    {
        var functions = new FunctionRegistry().Register("work", async (_, ct) =>
        {
            var now = Interlocked.Increment(ref _running);
            InterlockedMax(ref _peak, now);
            await _release.Task.WaitAsync(ct);
            Interlocked.Decrement(ref _running);
            return new JsonObject();
        });
        var catalog = new TaskCatalog(ImmutableDictionary<string, TaskBinding>.Empty.Add("work", new FunctionBinding("work", "work", null) { MaxConcurrency = limit }), ".");
        return (new TaskExecutor(functions, [new FunctionRunner(functions)], TimeProvider.System), catalog);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }

    private static TaskContext Attempt(int n) => new($"i-{n}", "s", 1, $"i-{n}/s/1", "work", null) { CatalogHash = "c" };

    [Fact]
    public async Task RunAsync_FiveAttemptsLimitTwo_AtMostTwoRunAndAllFinish()
    {
        var (executor, catalog) = Setup(2);

        var runs = Enumerable.Range(0, 5).Select(i => executor.RunAsync(catalog, Attempt(i), null, default)).ToList();
        await Eventually.UntilAsync(() => Volatile.Read(ref _running) == 2, "two attempts running");
        await Task.Delay(200); // a third must not join them meanwhile
        Assert.Equal(2, Volatile.Read(ref _running));
        _release.SetResult();
        var results = await Task.WhenAll(runs);

        Assert.All(results, r => Assert.IsType<TaskResult.Success>(r));
        Assert.Equal(2, _peak);
    }

    [Fact]
    public async Task RunAsync_WaitingForTheLimit_DoesNotSpendTheTimeoutOrTakeASlot()
    {
        var (executor, catalog) = Setup(1);
        var slotsTaken = 0;
        Task<IDisposable> Slot(TaskBinding b, CancellationToken _)
        {
            Interlocked.Increment(ref slotsTaken);
            return Task.FromResult<IDisposable>(new NoOp());
        }

        var first = executor.RunAsync(catalog, Attempt(1), null, default, Slot);
        var second = executor.RunAsync(catalog, Attempt(2), TimeSpan.FromMilliseconds(300), default, Slot);
        await Eventually.UntilAsync(() => Volatile.Read(ref _running) == 1, "the first attempt running");
        await Task.Delay(600); // longer than the second's timeout: waiting for the limit must not spend it
        Assert.Equal(1, Volatile.Read(ref slotsTaken));
        _release.SetResult();

        Assert.IsType<TaskResult.Success>(await first);
        Assert.IsType<TaskResult.Success>(await second);
        Assert.Equal(2, slotsTaken);
    }

    private sealed class NoOp : IDisposable
    {
        public void Dispose()
        {
        }
    }

    [Fact]
    public async Task RunAsync_AttemptsWaitingForTheLimit_GoInPriorityOrder()
    {
        var started = new List<string>();
        var blocker = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var functions = new FunctionRegistry().Register("work", async (ctx, ct) =>
        {
            lock (started)
            {
                started.Add(ctx.InstanceId);
            }
            if (ctx.InstanceId == "first")
            {
                await blocker.Task.WaitAsync(ct);
            }
            return new JsonObject();
        });
        var catalog = new TaskCatalog(ImmutableDictionary<string, TaskBinding>.Empty.Add("work", new FunctionBinding("work", "work", null) { MaxConcurrency = 1 }), ".");
        var executor = new TaskExecutor(functions, [new FunctionRunner(functions)], TimeProvider.System);
        TaskContext With(string id, int priority) => new(id, "s", 1, $"{id}/s/1", "work", null) { CatalogHash = "c", Priority = priority };

        var first = executor.RunAsync(catalog, With("first", 0), null, default);
        await Eventually.UntilAsync(() => { lock (started) { return started.Count == 1; } }, "the first attempt to hold the only place");
        var waiting = new[] { ("p+5", 5), ("p-10", -10), ("p0", 0), ("p-5", -5), ("p+50", 50) }
            .Select(p => executor.RunAsync(catalog, With(p.Item1, p.Item2), null, default)).ToList();
        blocker.SetResult();
        await Task.WhenAll(waiting.Append(first));

        Assert.Equal(["first", "p+50", "p+5", "p0", "p-5", "p-10"], started);
    }
}
