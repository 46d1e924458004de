using System.Text.Json.Nodes;
using Baton.Runtime.Runners;
using Baton.Testing;

namespace Baton.Embedded.Tests;

/// <summary>Worker pools on the embedded hub: a task whose binding names a pool runs in that pool's slots only.</summary>
public sealed class EmbeddedBackendPoolTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private int _running;
    private int _peak;

    public void Dispose() => _dir.Dispose();

    private FunctionRegistry Functions() => new FunctionRegistry().Register("render", async (_, ct) =>
    {
        var now = Interlocked.Increment(ref _running);
        lock (this)
        {
            _peak = Math.Max(_peak, now);
        }
        await Task.Delay(150, ct);
        Interlocked.Decrement(ref _running);
        return new JsonObject();
    });

    private static Baton.Abstractions.StoredDefinition Catalog(string pool) =>
        HubHarness.Catalog($"  render: {{ runner: function, function: render, pool: {pool} }}\n");

    [Fact]
    public async Task Run_PoolOfOneSlot_RunsItsTasksOneAtATimeWhileTheHubHasMore()
    {
        await using var h = await HubHarness.StartAsync(_dir, Functions(), options: new EmbeddedBackendOptions { MaxConcurrentTasks = 8, Pools = new Dictionary<string, int> { ["gpu"] = 1 } });
        var wf = HubHarness.Definition("""
              steps:
                - { id: each, type: for_each, items: "${[1, 2, 3, 4]}", max_concurrency: 4, do: { task: render } }
            """);

        var id = await h.StartAsync(wf, catalog: Catalog("gpu"));
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var state = await h.Hub.WaitForCompletionAsync(id, cts.Token);

        Assert.Equal(Baton.Core.Engine.InstanceStatus.Completed, state.Status);
        Assert.Equal(1, _peak);
    }

    [Fact]
    public async Task Run_PoolTheHubDoesNotHave_FailsTheStepNamingIt()
    {
        await using var h = await HubHarness.StartAsync(_dir, Functions());

        var id = await h.StartAsync(HubHarness.Definition("  steps:\n    - { id: r, task: render }\n"), catalog: Catalog("gpu"));
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var state = await h.Hub.WaitForCompletionAsync(id, cts.Token);

        Assert.Equal("NoSuchPool", state.Steps["r"].Error!.Code);
        Assert.Contains("BATON_WORKER_POOLS", state.Steps["r"].Error!.Message, StringComparison.Ordinal);
    }
}
