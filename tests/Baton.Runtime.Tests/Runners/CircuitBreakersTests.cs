using System.Collections.Immutable;
using System.Text.Json.Nodes;
using Baton.Runtime.Catalog;
using Baton.Runtime.Runners;
using Microsoft.Extensions.Time.Testing;
using Baton.Abstractions;

namespace Baton.Runtime.Tests.Runners;

/// <summary>A binding's circuit: opened by consecutive transient failures, probed once after open_for, and honoured
/// by the executor before a runner is called.</summary>
public sealed class CircuitBreakersTests
{
    private readonly FakeTimeProvider _time = new();
    private static readonly CircuitBreakerPolicy Three = new(3, TimeSpan.FromSeconds(30), Wait: false);

    private CircuitBreakers.Circuit Circuit(CircuitBreakerPolicy? policy = null) => new CircuitBreakers(_time).For("c/t", policy ?? Three);

    /// <summary>Three transient failures in a row: the threshold of <see cref="Three"/>.</summary>
    private static void Open(CircuitBreakers.Circuit c)
    {
        for (var i = 0; i < 3; i++)
        {
            c.Record(transientFailure: true, success: false);
        }
    }

    [Fact]
    public void Record_ConsecutiveTransientFailures_OpenAtTheThreshold()
    {
        var c = Circuit();
        for (var i = 0; i < 2; i++)
        {
            Assert.Null(c.TryEnter());
            c.Record(transientFailure: true, success: false);
        }
        Assert.False(c.IsOpen);

        c.Record(transientFailure: true, success: false);

        Assert.True(c.IsOpen);
        Assert.Equal(TimeSpan.FromSeconds(30), c.TryEnter());
    }

    [Fact]
    public void Record_SuccessBetweenFailures_ResetsTheCount()
    {
        var c = Circuit();
        c.Record(true, false);
        c.Record(true, false);
        c.Record(false, true);
        c.Record(true, false);
        c.Record(true, false);

        Assert.False(c.IsOpen);
    }

    [Fact]
    public void Record_NonRetryableFailures_DoNotCount()
    {
        var c = Circuit();
        for (var i = 0; i < 10; i++)
        {
            c.Record(transientFailure: false, success: false);
        }

        Assert.False(c.IsOpen);
    }

    [Fact]
    public void TryEnter_AfterOpenFor_LetsExactlyOneProbeThrough()
    {
        var c = Circuit();
        Open(c);
        _time.Advance(TimeSpan.FromSeconds(30));

        Assert.Null(c.TryEnter());
        Assert.NotNull(c.TryEnter());
    }

    [Fact]
    public void Record_ProbeSucceeds_ClosesTheCircuit()
    {
        var c = Circuit();
        Open(c);
        _time.Advance(TimeSpan.FromSeconds(31));
        Assert.Null(c.TryEnter());

        c.Record(false, true);

        Assert.False(c.IsOpen);
        Assert.Null(c.TryEnter());
    }

    [Fact]
    public void Record_ProbeFails_OpensItAgainForTheWholePeriod()
    {
        var c = Circuit();
        Open(c);
        _time.Advance(TimeSpan.FromSeconds(31));
        Assert.Null(c.TryEnter());

        c.Record(true, false);

        Assert.Equal(TimeSpan.FromSeconds(30), c.TryEnter());
    }

    private static (TaskExecutor Executor, TaskCatalog Catalog, Func<int> Calls) Failing(CircuitBreakerPolicy policy, TimeProvider time)
    {
        var calls = 0;
        var functions = new FunctionRegistry().Register("flaky", _ =>
        {
            Interlocked.Increment(ref calls);
            throw new InvalidOperationException("service unavailable");
        });
        var executor = new TaskExecutor(functions, [new FunctionRunner(functions)], time, breakers: new CircuitBreakers(time));
        var catalog = new TaskCatalog(ImmutableDictionary<string, TaskBinding>.Empty.Add("flaky", new FunctionBinding("flaky", "flaky", null) { CircuitBreaker = policy }), ".");
        return (executor, catalog, () => calls);
    }

    private static async Task FailThriceAsync(TaskExecutor executor, TaskCatalog catalog)
    {
        for (var i = 0; i < 3; i++)
        {
            await executor.RunAsync(catalog, Attempt(i), null, default);
        }
    }

    private static TaskContext Attempt(int n) => new($"i-{n}", "s", 1, $"i-{n}/s/1", "flaky", new JsonObject()) { CatalogHash = "cat" };

    [Fact]
    public async Task RunAsync_CircuitOpen_FailsFastWithoutCallingTheTask()
    {
        var (executor, catalog, calls) = Failing(Three, _time);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal("TaskFailed", Assert.IsType<TaskResult.Failure>(await executor.RunAsync(catalog, Attempt(i), null, default)).Error.Code);
        }

        var f = Assert.IsType<TaskResult.Failure>(await executor.RunAsync(catalog, Attempt(3), null, default));

        Assert.Equal("CircuitOpen", f.Error.Code);
        Assert.True(f.Retryable);
        Assert.Equal(3, calls());
        _time.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal("TaskFailed", Assert.IsType<TaskResult.Failure>(await executor.RunAsync(catalog, Attempt(4), null, default)).Error.Code);
        Assert.Equal(4, calls());
    }

    [Fact]
    public async Task RunAsync_WhileOpenWait_WaitsForTheProbeThenRuns()
    {
        var (executor, catalog, calls) = Failing(Three with { Wait = true, OpenFor = TimeSpan.FromSeconds(10) }, _time);
        await FailThriceAsync(executor, catalog);

        var waiting = executor.RunAsync(catalog, Attempt(3), null, default);
        await Task.Delay(100);
        Assert.False(waiting.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(10));
        var f = Assert.IsType<TaskResult.Failure>(await waiting);

        Assert.Equal("TaskFailed", f.Error.Code);
        Assert.Equal(4, calls());
    }

    [Fact]
    public async Task RunAsync_WhileOpenWaitPastTheTimeout_TimesOut()
    {
        var (executor, catalog, _) = Failing(Three with { Wait = true, OpenFor = TimeSpan.FromHours(1) }, TimeProvider.System);
        await FailThriceAsync(executor, catalog);

        var f = Assert.IsType<TaskResult.Failure>(await executor.RunAsync(catalog, Attempt(3), TimeSpan.FromMilliseconds(200), default));

        Assert.Equal("TimedOut", f.Error.Code);
    }

    [Fact]
    public async Task RunAsync_OtherCatalogVersion_HasItsOwnCircuit()
    {
        var (executor, catalog, calls) = Failing(Three, _time);
        await FailThriceAsync(executor, catalog);

        var f = Assert.IsType<TaskResult.Failure>(await executor.RunAsync(catalog, Attempt(9) with { CatalogHash = "other" }, null, default));

        Assert.Equal("TaskFailed", f.Error.Code);
        Assert.Equal(4, calls());
    }
}
