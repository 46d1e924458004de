using System.Text.Json.Nodes;
using Baton.Core.Engine;
using Baton.Runtime.Runners;
using Baton.Embedded.Store;
using Baton.Storage.Sqlite;
using Baton.Testing;
using Baton.Abstractions;

namespace Baton.Embedded.Tests;

/// <summary>Background loops survive store faults, and stopping drains running attempts.</summary>
public sealed class EmbeddedBackendLifecycleTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static readonly StoredDefinition OneSlowStep = HubHarness.Definition("  steps:\n    - { id: slow, task: slow }\n", "slow-one");

    [Fact]
    public async Task Sweeper_StoreFailsThreeTimes_IsRestartedReportedAndRecovers()
    {
        var claimsToFail = 3;
        var options = new EmbeddedBackendOptions { SweepInterval = TimeSpan.FromMilliseconds(30), LoopRestartDelay = TimeSpan.FromMilliseconds(10), LoopRestartMaxDelay = TimeSpan.FromMilliseconds(50) };
        FaultInjectingStore? faulty = null;
        await using var h = await HubHarness.StartAsync(_dir, FunctionRegistry.WithBuiltIns(TimeProvider.System), options: options,
            wrapStore: s => faulty = new FaultInjectingStore(s, op => op == nameof(ITaskHubStore.ClaimWorkAsync) && Interlocked.Decrement(ref claimsToFail) >= 0 ? Fault.Fail : Fault.None));

        await Eventually.UntilAsync(() => h.Hub.Loops.Loops.Single(l => l.Name == "sweeper") is { Failures: 3, State: LoopState.Running }, "the sweeper restarted after three failures");

        var sweeper = h.Hub.Loops.Loops.Single(l => l.Name == "sweeper");
        Assert.Contains("injected fault", sweeper.LastError, StringComparison.Ordinal);
        Assert.True(h.Hub.Loops.IsHealthy);
        Assert.Equal(3, faulty!.Injected);
        var done = await h.RunAsync(HubHarness.Definition("  steps:\n    - { id: a, task: echo, input: 1 }\n"));
        Assert.Equal(InstanceStatus.Completed, done.Status);
    }

    [Fact]
    public async Task Loops_StoreKeepsFailing_AreUnhealthyWhileWaitingToRestart()
    {
        var failing = true;
        var options = new EmbeddedBackendOptions { SweepInterval = TimeSpan.FromMilliseconds(20), LoopRestartDelay = TimeSpan.FromSeconds(2), LoopRestartMaxDelay = TimeSpan.FromSeconds(2) };
        await using var h = await HubHarness.StartAsync(_dir, FunctionRegistry.WithBuiltIns(TimeProvider.System), options: options,
            wrapStore: s => new FaultInjectingStore(s, op => Volatile.Read(ref failing) && op == nameof(ITaskHubStore.ClaimWorkAsync) ? Fault.Fail : Fault.None));

        await Eventually.UntilAsync(() => !h.Hub.Loops.IsHealthy, "the hub reports the failing sweeper");
        Assert.Equal(LoopState.Restarting, h.Hub.Loops.Loops.Single(l => l.Name == "sweeper").State);

        Volatile.Write(ref failing, false);
        await Eventually.UntilAsync(() => h.Hub.Loops.IsHealthy, "the sweeper is back");
    }

    [Fact]
    public async Task DisposeAsync_AttemptRunning_WaitsForItAndCommitsItsResult()
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var functions = new FunctionRegistry().Register("slow", async (ctx, ct) =>
        {
            started.TrySetResult();
            await Task.Delay(300, CancellationToken.None);
            return new JsonObject { ["finished"] = true };
        });
        var h = await HubHarness.StartAsync(_dir, functions);
        var id = await h.StartAsync(OneSlowStep, id: "drained");
        await started.Task.WaitAsync(TimeSpan.FromSeconds(10));

        await h.DisposeAsync();

        await using var store = new SqliteTaskHubStore(new SqliteStoreOptions(h.DbPath));
        await store.InitializeAsync(default);
        var record = await store.LoadInstanceAsync(id, default);
        Assert.Equal(InstanceStatus.Completed, record!.State.Status);
        var history = await store.ReadHistoryAsync(id, 0, 100, default);
        Assert.Equal(1, history.Count(e => e.Kind == "TaskCompleted"));
    }

    [Fact]
    public async Task DisposeAsync_AttemptOutlivesTheDrainTimeout_IsCancelledAndRunsAgainAfterRestart()
    {
        var calls = 0;
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var functions = new FunctionRegistry().Register("slow", async (ctx, ct) =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                started.TrySetResult();
                await Task.Delay(TimeSpan.FromMinutes(5), ct);
            }
            return new JsonObject { ["call"] = calls };
        });
        var h = await HubHarness.StartAsync(_dir, functions, options: new EmbeddedBackendOptions { DrainTimeout = TimeSpan.FromMilliseconds(200) });
        var id = await h.StartAsync(OneSlowStep, id: "cut-short");
        await started.Task.WaitAsync(TimeSpan.FromSeconds(10));

        await h.DisposeAsync();

        await using var again = await HubHarness.StartAsync(_dir, functions);
        var final = await again.Hub.WaitForCompletionAsync(id, default).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(InstanceStatus.Completed, final.Status);
        Assert.Equal(2, final.Steps["slow"].Output!["call"]!.GetValue<int>());
        Assert.Equal(1, (await again.HistoryAsync(id)).Count(e => e.Kind == "TaskCompleted"));
    }

    [Fact]
    public async Task Sweeper_TimerWhoseFiringWasLost_FiresItAgain()
    {
        // Found by the simulation: a timer fires once from memory; if that event's commit fails, only the store
        // still knows the timer, so the sweeper must claim overdue timers as it claims task work.
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 5, 1, 0, 0, 0, TimeSpan.Zero));
        var failNextCommit = 0;
        var options = new EmbeddedBackendOptions { SweepInterval = TimeSpan.FromSeconds(5), LeaseDuration = TimeSpan.FromSeconds(30) };
        await using var h = await HubHarness.StartAsync(_dir, FunctionRegistry.WithBuiltIns(time), time, options,
            wrapStore: s => new FaultInjectingStore(s, op => op == nameof(ITaskHubStore.CommitAsync) && Interlocked.Exchange(ref failNextCommit, 0) == 1 ? Fault.Fail : Fault.None));
        var id = await h.StartAsync(HubHarness.Definition("  steps:\n    - { id: w, type: wait, duration: 1m }\n"));
        var done = h.Hub.WaitForCompletionAsync(id, default);
        await Eventually.UntilAsync(() => h.Hub.GetStateAsync(id, default).Result?.Steps["w"].Status == StepStatus.Waiting, "the wait step is waiting");

        Volatile.Write(ref failNextCommit, 1);
        time.Advance(TimeSpan.FromMinutes(1));
        await Eventually.UntilAsync(() => Volatile.Read(ref failNextCommit) == 0, "the timer's commit was refused");
        for (var i = 0; i < 20 && !done.IsCompleted; i++)
        {
            time.Advance(TimeSpan.FromSeconds(5));
            await Task.Delay(50);
        }

        Assert.Equal(InstanceStatus.Completed, (await done.WaitAsync(TimeSpan.FromSeconds(20))).Status);
        Assert.Equal(1, (await h.HistoryAsync(id)).Count(e => e.Kind == "TimerFired"));
    }
}
