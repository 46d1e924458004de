using System.Text.Json.Nodes;
using Baton.Core.Engine;
using Baton.Runtime.Runners;
using Baton.Testing;
using Baton.Abstractions;

namespace Baton.Embedded.Tests;

public sealed class EmbeddedBackendContinueAsNewTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    // Each run fans out over input.items, then starts over with one item more, until there are three.
    private static readonly StoredDefinition Counter = HubHarness.Definition("""
          steps:
            - id: each
              type: for_each
              items: ${input.items}
              do: { task: add, input: { n: "${item}" } }
            - id: again
              type: continue_as_new
              depends_on: [each]
              condition: ${len(input.items) < 3}
              input: { items: "${input.items + [len(input.items) + 1]}" }
          output:
            mapping: { n: "${len(input.items)}", items: "${len(steps.each.output)}" }
        """);

    private static FunctionRegistry Adder() => HubHarness.Adder();

    [Fact]
    public async Task StartInstanceAsync_ContinueAsNew_FinishesTheLastRunWithHistoryAndStepRowsCompacted()
    {
        await using var h = await HubHarness.StartAsync(_dir, Adder());

        var final = await h.RunAsync(Counter, new JsonObject { ["items"] = new JsonArray(1) }, "counter");

        Assert.Equal(InstanceStatus.Completed, final.Status);
        Assert.Equal("""{"n":3,"items":3}""", final.Output!.ToJsonString());
        Assert.Equal(2, final.Generation);
        // History starts at the event that began the last run; earlier runs' entries are gone.
        var history = await h.HistoryAsync("counter");
        Assert.Equal("TaskCompleted", history[0].Kind);
        Assert.True(history[0].Sequence > 0);
        Assert.Equal(final.Sequence, history[^1].Sequence);
        Assert.Equal(history.Count, (int)(final.Sequence - history[0].Sequence + 1));
        // The stored steps are the last run's: its three items, not the two of the run before.
        var stored = await h.Hub.Store.LoadInstanceAsync("counter", default);
        Assert.Equal(["again", "each", "each[0]", "each[1]", "each[2]"], stored!.State.Steps.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("""{"n":3,"items":3}""", stored.State.Output!.ToJsonString());
    }

    [Fact]
    public async Task StartInstanceAsync_ContinueAsNew_EveryAttemptHasItsOwnIdempotencyKey()
    {
        var keys = new List<string>();
        var functions = FunctionRegistry.WithBuiltIns(TimeProvider.System).Register("add", ctx =>
        {
            lock (keys)
            {
                keys.Add(ctx.IdempotencyKey);
            }
            return new JsonObject { ["n"] = ctx.Input!["n"]!.GetValue<long>() + 1 };
        });
        await using var h = await HubHarness.StartAsync(_dir, functions);

        await h.RunAsync(Counter, new JsonObject { ["items"] = new JsonArray(1) }, "keys");

        Assert.Equal(1 + 2 + 3, keys.Count);
        Assert.Equal(keys.Count, keys.Distinct(StringComparer.Ordinal).Count());
    }
}
