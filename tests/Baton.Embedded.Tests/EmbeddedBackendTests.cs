using System.Text.Json.Nodes;
using Baton.Core.Engine;
using Baton.Runtime.Runners;
using Baton.Embedded.Store;
using Baton.Testing;
using Microsoft.Extensions.Time.Testing;
using Baton.Abstractions;

namespace Baton.Embedded.Tests;

public sealed class EmbeddedBackendTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static readonly StoredDefinition Sequence = HubHarness.Definition("""
          input:
            schema: { type: object, properties: { n: { type: integer } }, required: [n] }
          steps:
            - { id: a, task: add, input: { n: "${input.n}" } }
            - { id: b, task: add, depends_on: [a], input: { n: "${steps.a.output.n}" } }
            - { id: c, task: add, depends_on: [b], input: { n: "${steps.b.output.n}" } }
          output:
            mapping: { n: "${steps.c.output.n}" }
        """);

    private static FunctionRegistry Adder() => HubHarness.Adder();

    [Fact]
    public async Task StartInstanceAsync_Sequence_CompletesAndRecordsEachCompletionOnce()
    {
        await using var h = await HubHarness.StartAsync(_dir, Adder());
        var final = await h.RunAsync(Sequence, new JsonObject { ["n"] = 1 }, "seq-1");
        Assert.Equal(InstanceStatus.Completed, final.Status);
        Assert.Equal("""{"n":4}""", final.Output!.ToJsonString());
        var history = await h.HistoryAsync("seq-1");
        Assert.Equal(["InstanceStarted", "TaskCompleted", "TaskCompleted", "TaskCompleted"], history.Select(e => e.Kind));
        Assert.Equal([0L, 1L, 2L, 3L], history.Select(e => e.Sequence));
        Assert.Empty(await h.Hub.Store.ClaimWorkAsync(WorkKind.Task, "x", DateTimeOffset.MaxValue.AddDays(-1), DateTimeOffset.MaxValue, 10, default));
    }

    [Fact]
    public async Task StartInstanceAsync_SameIdTwice_SecondIsRefusedAndChangesNothing()
    {
        await using var h = await HubHarness.StartAsync(_dir, Adder());
        await h.RunAsync(Sequence, new JsonObject { ["n"] = 1 }, "once");
        await Assert.ThrowsAsync<InstanceExistsException>(() => h.StartAsync(Sequence, new JsonObject { ["n"] = 100 }, "once"));
        var state = await h.Hub.GetStateAsync("once", default);
        Assert.Equal("""{"n":4}""", state!.Output!.ToJsonString());
        Assert.Equal(4, (await h.HistoryAsync("once")).Count);
    }

    [Fact]
    public async Task StartInstanceAsync_InputFailsSchema_StoresNothing()
    {
        await using var h = await HubHarness.StartAsync(_dir, Adder());
        var ex = await Assert.ThrowsAsync<InvalidInputException>(() => h.StartAsync(Sequence, new JsonObject { ["n"] = "one" }, "bad"));
        Assert.Contains(ex.Errors, e => e.StartsWith("/n", StringComparison.Ordinal));
        Assert.Null(await h.Hub.GetStateAsync("bad", default));
        Assert.Empty(await h.Hub.Store.ListInstancesAsync(new InstanceQuery(), default));
    }

    [Fact]
    public async Task StartInstanceAsync_ManyAtOnce_AllCompleteThroughGroupCommit()
    {
        await using var h = await HubHarness.StartAsync(_dir, Adder());
        var ids = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => h.StartAsync(Sequence, new JsonObject { ["n"] = i })));
        var finals = await Task.WhenAll(ids.Select(id => h.Hub.WaitForCompletionAsync(id, default)));
        Assert.All(finals, f => Assert.Equal(InstanceStatus.Completed, f.Status));
        Assert.Equal(Enumerable.Range(3, 50).Select(i => (long)i).Order(), finals.Select(f => f.Output!["n"]!.GetValue<long>()).Order());
    }

    [Fact]
    public async Task Retry_DurableBackoffTimers_FireOnInjectedClock()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 5, 1, 0, 0, 0, TimeSpan.Zero));
        var calls = 0;
        var functions = new FunctionRegistry().Register("flaky", ctx =>
        {
            Interlocked.Increment(ref calls);
            return ctx.Attempt < 3 ? throw new InvalidOperationException($"attempt {ctx.Attempt}") : new JsonObject { ["attempt"] = ctx.Attempt };
        });
        await using var h = await HubHarness.StartAsync(_dir, functions, time);
        var def = HubHarness.Definition("  steps:\n    - { id: f, task: flaky, retry: { max_attempts: 3, backoff: exponential, initial_delay: 10m } }\n");
        var id = await h.StartAsync(def);
        var done = h.Hub.WaitForCompletionAsync(id, default);
        await WaitUntilAsync(() => StepStatusAsync(h, id, "f"), StepStatus.WaitingRetry);
        time.Advance(TimeSpan.FromMinutes(10));
        await WaitUntilAsync(async () => (await h.Hub.GetStateAsync(id, default))!.Steps["f"].Attempt, 2);
        await WaitUntilAsync(() => StepStatusAsync(h, id, "f"), StepStatus.WaitingRetry);
        Assert.False(done.IsCompleted);
        time.Advance(TimeSpan.FromMinutes(20));
        var final = await done.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(InstanceStatus.Completed, final.Status);
        Assert.Equal(3, calls);
        Assert.Equal(TimeSpan.FromMinutes(30), final.CompletedAt - final.CreatedAt);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(400)] // past the 49.7 days a Task.Delay can wait
    [InlineData(3650)] // the longest duration
    public async Task WaitStep_DaysLong_FiresWhenTimeComes(int days)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 5, 1, 0, 0, 0, TimeSpan.Zero));
        await using var h = await HubHarness.StartAsync(_dir, FunctionRegistry.WithBuiltIns(time), time);
        var id = await h.StartAsync(HubHarness.Definition($"  steps:\n    - {{ id: w, type: wait, duration: {days}d }}\n    - {{ id: after, task: noop, depends_on: [w] }}\n"));
        var done = h.Hub.WaitForCompletionAsync(id, default);
        await WaitUntilAsync(() => StepStatusAsync(h, id, "w"), StepStatus.Waiting);
        time.Advance(TimeSpan.FromDays(days) - TimeSpan.FromSeconds(1));
        await Task.Delay(100);
        Assert.False(done.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(InstanceStatus.Completed, (await done.WaitAsync(TimeSpan.FromSeconds(20))).Status);
    }

    [Fact]
    public async Task TerminateAsync_RunningTask_CancelsItAndEndsTerminated()
    {
        var cancelled = new TaskCompletionSource();
        var functions = new FunctionRegistry().Register("hang", async (_, ct) =>
        {
            await using var reg = ct.Register(() => cancelled.TrySetResult());
            await Task.Delay(Timeout.Infinite, ct);
            return null;
        });
        await using var h = await HubHarness.StartAsync(_dir, functions);
        var id = await h.StartAsync(HubHarness.Definition("  steps:\n    - { id: x, task: hang }\n"));
        await WaitUntilAsync(() => Task.FromResult(h.Hub.InFlightCount), 1);
        Assert.True(await h.Hub.TerminateAsync(id, "operator said so", default));
        await cancelled.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var final = await h.Hub.WaitForCompletionAsync(id, default);
        Assert.Equal((InstanceStatus.Terminated, "operator said so"), (final.Status, final.Error!.Message));
        Assert.False(await h.Hub.TerminateAsync(id, "again", default));
    }

    [Fact]
    public async Task StartAsync_AfterHostStoppedMidTask_RedeliversWorkAndCompletesOnce()
    {
        var def = HubHarness.Definition("  steps:\n    - { id: slow, task: work }\n    - { id: next, task: work, depends_on: [slow] }\n");
        var firstAttempt = new TaskCompletionSource();
        var blocking = new FunctionRegistry().Register("work", async (_, ct) =>
        {
            firstAttempt.TrySetResult();
            await Task.Delay(Timeout.Infinite, ct);
            return null;
        });
        string id;
        await using (var first = await HubHarness.StartAsync(_dir, blocking))
        {
            id = await first.StartAsync(def, id: "recover-me");
            await firstAttempt.Task.WaitAsync(TimeSpan.FromSeconds(10));
        }
        var keys = new List<string>();
        var working = new FunctionRegistry().Register("work", ctx =>
        {
            lock (keys)
            {
                keys.Add(ctx.IdempotencyKey);
            }
            return new JsonObject();
        });
        await using var second = await HubHarness.StartAsync(_dir, working);
        var final = await second.Hub.WaitForCompletionAsync(id, new CancellationTokenSource(TimeSpan.FromSeconds(20)).Token);
        Assert.Equal(InstanceStatus.Completed, final.Status);
        Assert.Equal(["recover-me/slow/1", "recover-me/next/1"], keys);
        var completions = (await second.HistoryAsync(id)).Where(e => e.Kind == "TaskCompleted").ToList();
        Assert.Equal(2, completions.Count);
    }

    [Fact]
    public async Task StartAsync_AfterHostStoppedDuringBackoff_RearmsStoredTimer()
    {
        var def = HubHarness.Definition("  steps:\n    - { id: f, task: flaky, retry: { max_attempts: 2, initial_delay: 300ms } }\n");
        var failing = new FunctionRegistry().Register("flaky", _ => throw new InvalidOperationException("down"));
        string id;
        await using (var first = await HubHarness.StartAsync(_dir, failing))
        {
            id = await first.StartAsync(def);
            await WaitUntilAsync(() => StepStatusAsync(first, id, "f"), StepStatus.WaitingRetry);
        }
        var ok = new FunctionRegistry().Register("flaky", ctx => new JsonObject { ["attempt"] = ctx.Attempt });
        await using var second = await HubHarness.StartAsync(_dir, ok);
        var final = await second.Hub.WaitForCompletionAsync(id, new CancellationTokenSource(TimeSpan.FromSeconds(20)).Token);
        Assert.Equal("""{"f":{"attempt":2}}""", final.Output!.ToJsonString());
    }

    [Fact]
    public async Task Event_ThatCannotBeApplied_DoesNotStopOtherInstances()
    {
        var t0 = DateTimeOffset.UtcNow.AddMinutes(-1);
        await using (var store = new Baton.Storage.Sqlite.SqliteTaskHubStore(new Baton.Storage.Sqlite.SqliteStoreOptions(_dir.File("hub.db"))))
        {
            await store.InitializeAsync(default);
            var state = new InstanceState("poisoned", "gone", "1", InstanceStatus.Running, null, [],
                System.Collections.Immutable.ImmutableSortedDictionary<string, string>.Empty, "seed",
                System.Collections.Immutable.ImmutableDictionary<string, StepState>.Empty.Add("w", new StepState("w", StepStatus.Waiting)),
                null, null, t0, t0, null, 0, 1);
            await store.CommitAsync([new InstanceCommit("poisoned", -1, state, [state.Steps["w"]],
                [new HistoryEntry("poisoned", 0, "InstanceStarted", t0, """{"type":"InstanceStarted"}""")],
                [new WorkItem("timer|poisoned|wait:w", "poisoned", WorkKind.Timer, t0, """{"timerId":"wait:w"}""")], [],
                new InstanceBinding("no-such-definition", null))], default);
        }
        await using var h = await HubHarness.StartAsync(_dir, Adder());
        await h.RunAsync(Sequence, new JsonObject { ["n"] = 0 });
        var raises = new List<Task<bool>>();
        var starts = new List<Task<string>>();
        for (var i = 0; i < 30; i++)
        {
            raises.Add(h.Hub.RaiseEventAsync("poisoned", "ping", null, default));
            starts.Add(h.StartAsync(Sequence, new JsonObject { ["n"] = i }));
        }
        foreach (var raise in raises)
        {
            await Assert.ThrowsAsync<InvalidOperationException>(() => raise);
        }
        var finals = await Task.WhenAll((await Task.WhenAll(starts)).Select(id => h.Hub.WaitForCompletionAsync(id, default)));
        Assert.All(finals, f => Assert.Equal(InstanceStatus.Completed, f.Status));
        Assert.Contains(await h.Hub.Store.ListTimersAsync(default), t => t.Id == "timer|poisoned|wait:w");
    }

    [Fact]
    public async Task Changed_SubscriberThrows_HubKeepsRunning()
    {
        await using var h = await HubHarness.StartAsync(_dir, Adder());
        h.Hub.Changed += _ => throw new InvalidOperationException("a broken subscriber");
        var final = await h.RunAsync(Sequence, new JsonObject { ["n"] = 1 });
        Assert.Equal(InstanceStatus.Completed, final.Status);
        Assert.Contains(h.Changes, c => c.State.IsTerminal);
    }

    [Fact]
    public async Task Changed_DuringRun_ReportsEveryStepTransitionInOrder()
    {
        await using var h = await HubHarness.StartAsync(_dir, Adder());
        await h.RunAsync(Sequence, new JsonObject { ["n"] = 1 }, "watched");
        var transitions = h.Changes.Where(c => c.State.InstanceId == "watched")
            .SelectMany(c => c.ChangedSteps.Where(s => s.Status != StepStatus.Pending).Select(s => $"{s.Id}:{s.Status}")).ToList();
        Assert.Equal(["a:Running", "a:Succeeded", "b:Running", "b:Succeeded", "c:Running", "c:Succeeded"], transitions);
    }

    private static async Task<StepStatus> StepStatusAsync(HubHarness h, string id, string step) =>
        (await h.Hub.GetStateAsync(id, default))!.Steps[step].Status;

    private static async Task WaitUntilAsync<T>(Func<Task<T>> read, T expected)
    {
        for (var i = 0; i < 500; i++)
        {
            if (EqualityComparer<T>.Default.Equals(await read(), expected))
            {
                return;
            }
            await Task.Delay(20);
        }
        Assert.Equal(expected, await read());
    }
}
