using Baton.Abstractions;
using Baton.Durable.Local;
using Baton.Durable.Tests.Conformance;
using Baton.Runtime.Composition;
using Baton.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Baton.Durable.Tests;

/// <summary>The Durable client takes what it needs from the host's composition, as the embedded backend does.</summary>
public sealed class DurableWorkflowClientTests
{
    [Fact]
    public async Task StartAsync_NoInstanceId_TakesItFromTheHostsIdSource()
    {
        var options = new DurableSidecarOptions(await Azurite.ConnectionStringAsync(), AzuriteDurableDriver.UniqueHub("ids"), "ids") { PartitionCount = 1, InMemory = true };
        var context = new BatonContext(TimeProvider.System, new FixedIds("chosen-by-host"), NullLoggerFactory.Instance, Backends.Functions(), _ => null);
        await using var worker = await LocalDurableWorker.StartAsync(options, context, null, default);

        var id = await worker.Workflows.StartAsync(new StartRequest(Backends.Workflow("ids", "  steps:\n    - { id: a, task: echo }\n"), null, null, null), default);
        using var cts = new CancellationTokenSource(Backends.Patience);
        var done = await worker.Workflows.WaitForCompletionAsync(id, cts.Token);

        Assert.Equal("chosen-by-host", id);
        Assert.Equal(Core.Engine.InstanceStatus.Completed, done.Status);
    }

    private sealed class FixedIds(string id) : IdSource
    {
        public override string NewId() => id;
    }
}
