using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Baton.Runtime.Runners;
using Baton.Testing;

namespace Baton.Embedded.Tests;

/// <summary>Step priority across instances of one hub: when attempts wait for a task slot, higher priorities go first.</summary>
public sealed class EmbeddedBackendPriorityTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Dispatch_OneSlotBusy_HighPriorityInstanceRunsBeforeEarlierLowOnes()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var order = new ConcurrentQueue<string>();
        var functions = new FunctionRegistry()
            .Register("block", async (_, ct) =>
            {
                await gate.Task.WaitAsync(ct);
                return new JsonObject();
            })
            .Register("mark", ctx =>
            {
                order.Enqueue(ctx.Input!["name"]!.GetValue<string>());
                return new JsonObject();
            });
        await using var h = await HubHarness.StartAsync(_dir, functions, options: new EmbeddedBackendOptions { MaxConcurrentTasks = 1 });
        var blocker = await h.StartAsync(HubHarness.Definition("  steps:\n    - { id: b, task: block }\n", "blocker"));
        while (h.Hub.InFlightCount == 0)
        {
            await Task.Delay(10);
        }
        var ids = new List<string>();
        foreach (var (name, priority) in new[] { ("low-1", -5), ("low-2", -5), ("high", 50), ("normal", 0) })
        {
            ids.Add(await h.StartAsync(HubHarness.Definition($"  steps:\n    - {{ id: m, task: mark, priority: {priority}, input: {{ name: {name} }} }}\n", name)));
        }
        while (h.Hub.InFlightCount < 5)
        {
            await Task.Delay(10); // every attempt is dispatched and waiting for the one slot
        }

        gate.SetResult();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        foreach (var id in ids.Append(blocker))
        {
            await h.Hub.WaitForCompletionAsync(id, cts.Token);
        }

        Assert.Equal(["high", "normal", "low-1", "low-2"], order);
    }
}
