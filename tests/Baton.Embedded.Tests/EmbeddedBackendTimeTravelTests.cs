using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Baton.Core.Engine;
using Baton.Runtime.Runners;
using Baton.Embedded.Store;
using Baton.Testing;
using Baton.Abstractions;

namespace Baton.Embedded.Tests;

public sealed class EmbeddedBackendTimeTravelTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly ConcurrentQueue<string> _calls = new();

    public void Dispose() => _dir.Dispose();

    // a doubles the input; b adds the input to a's result: so a fork with a new input shows which results were kept.
    private static readonly StoredDefinition Chain = HubHarness.Definition("""
          input:
            schema: { type: object, properties: { n: { type: integer } }, required: [n] }
          steps:
            - id: a
              task: calc
              input: { n: "${input.n * 2}" }
            - id: b
              task: calc
              depends_on: [a]
              input: { n: "${steps.a.output.n + input.n}" }
          output:
            mapping: { result: "${steps.b.output.n}" }
        """);

    private FunctionRegistry Calc() => FunctionRegistry.WithBuiltIns(TimeProvider.System).Register("calc", ctx =>
    {
        _calls.Enqueue($"{ctx.IdempotencyKey}={ctx.Input!["n"]}");
        return new JsonObject { ["n"] = ctx.Input!["n"]!.GetValue<long>() };
    });

    [Fact]
    public async Task GetStateAtAsync_EachEvent_IsTheStateRightAfterIt()
    {
        await using var h = await HubHarness.StartAsync(_dir, Calc());
        var final = await h.RunAsync(Chain, new JsonObject { ["n"] = 5 }, "orig");

        var started = await h.Hub.GetStateAtAsync("orig", 0, default);
        var afterA = await h.Hub.GetStateAtAsync("orig", 1, default);
        var last = await h.Hub.GetStateAtAsync("orig", final.Sequence, default);

        Assert.Equal((StepStatus.Running, StepStatus.Pending), (started!.Steps["a"].Status, started.Steps["b"].Status));
        Assert.Equal((StepStatus.Succeeded, StepStatus.Running), (afterA!.Steps["a"].Status, afterA.Steps["b"].Status));
        Assert.Equal("""{"n":10}""", afterA.Steps["a"].Output!.ToJsonString());
        Assert.Equal(InstanceStatus.Running, afterA.Status);
        Assert.Equal((InstanceStatus.Completed, """{"result":15}"""), (last!.Status, last.Output!.ToJsonString()));
        Assert.Null(await h.Hub.GetStateAtAsync("nobody", 0, default));
    }

    [Fact]
    public async Task ForkAsync_NewInputAfterTheFirstStep_KeepsItsResultRunsTheRestOnceAndLeavesTheOriginal()
    {
        await using var h = await HubHarness.StartAsync(_dir, Calc());
        var original = await h.RunAsync(Chain, new JsonObject { ["n"] = 5 }, "orig");
        var historyBefore = await h.HistoryAsync("orig");

        var id = await h.Hub.ForkAsync(new ForkRequest("orig", 1, new JsonObject { ["n"] = 100 }, ReplaceInput: true, "forked"), default);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var fork = await h.Hub.WaitForCompletionAsync(id!, cts.Token);

        // a's recorded result (5 * 2) is kept, b runs anew with the new input: 10 + 100.
        Assert.Equal("forked", id);
        Assert.Equal((InstanceStatus.Completed, """{"result":110}"""), (fork.Status, fork.Output!.ToJsonString()));
        Assert.Equal(["orig/a/1=10", "orig/b/1=15", "forked/b/1=110"], _calls);
        Assert.Equal(["InstanceStarted", "TaskCompleted", "TaskCompleted"], (await h.HistoryAsync("forked")).Select(e => e.Kind));
        // The original is as it was.
        Assert.Equal(historyBefore, await h.HistoryAsync("orig"));
        Assert.Equal(original.Output!.ToJsonString(), (await h.Hub.GetStateAsync("orig", default))!.Output!.ToJsonString());
        // Nothing is left in the outbox for the work the replay finished.
        Assert.Empty(await h.Hub.Store.ClaimWorkAsync(WorkKind.Task, "probe", DateTimeOffset.UtcNow.AddDays(1), DateTimeOffset.UtcNow.AddDays(2), 100, default));
    }

    [Fact]
    public async Task ForkAsync_NoNewInput_RunsWithTheOriginalInputAndSeed()
    {
        await using var h = await HubHarness.StartAsync(_dir, Calc());
        await h.RunAsync(Chain, new JsonObject { ["n"] = 5 }, "orig");

        var id = await h.Hub.ForkAsync(new ForkRequest("orig", 0, null, ReplaceInput: false, null), default);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var fork = await h.Hub.WaitForCompletionAsync(id!, cts.Token);

        Assert.Equal("""{"result":15}""", fork.Output!.ToJsonString());
        Assert.Equal((await h.Hub.GetStateAsync("orig", default))!.Seed, fork.Seed);
        Assert.Equal(4, _calls.Count);
    }

    [Fact]
    public async Task ForkAsync_BadPointOrTakenId_RefusedAndNothingStored()
    {
        await using var h = await HubHarness.StartAsync(_dir, Calc());
        await h.RunAsync(Chain, new JsonObject { ["n"] = 5 }, "orig");

        await Assert.ThrowsAsync<InvalidHistoryPointException>(() => h.Hub.ForkAsync(new ForkRequest("orig", 99, null, false, "f1"), default));
        await Assert.ThrowsAsync<InvalidHistoryPointException>(() => h.Hub.GetStateAtAsync("orig", -1, default));
        await Assert.ThrowsAsync<InstanceExistsException>(() => h.Hub.ForkAsync(new ForkRequest("orig", 1, null, false, "orig"), default));
        await Assert.ThrowsAsync<InvalidInputException>(() => h.Hub.ForkAsync(new ForkRequest("orig", 1, new JsonObject { ["n"] = "text" }, true, "f2"), default));
        Assert.Null(await h.Hub.ForkAsync(new ForkRequest("nobody", 0, null, false, "f3"), default));
        Assert.Null(await h.Hub.GetStateAsync("f1", default));
        Assert.Null(await h.Hub.GetStateAsync("f2", default));
    }
}
