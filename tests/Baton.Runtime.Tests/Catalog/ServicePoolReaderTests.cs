using Baton.Runtime.Catalog;
using Baton.Runtime.Pools;

namespace Baton.Runtime.Tests.Catalog;

/// <summary>`pool` on a catalog entry: a worker pool's name, or a service pool on a container task.</summary>
public sealed class ServicePoolReaderTests
{
    private const string Head = "apiVersion: baton.dev/v1\nkind: Catalog\ntasks:\n";

    [Fact]
    public void Load_ServicePool_ReadsItsRuleAndGivesReplicasANetwork()
    {
        var (catalog, problems) = CatalogLoader.Load(Head + """
              detect:
                runner: container
                image: localhost/detect:1
                pool: { min: 1, max: 8, target_per_replica: 5, scale_down_after: 2m }
              gpu-task: { runner: process, command: [cat], pool: gpu }
            """, "catalog.yaml", ".");

        Assert.Empty(problems);
        var detect = Assert.IsType<ContainerBinding>(catalog!.Tasks["detect"]);
        Assert.Equal(new ServicePool(1, 8, 5, TimeSpan.FromMinutes(2)), detect.ServicePool);
        Assert.Equal(("host", null), (detect.Network, detect.Pool));
        Assert.Equal(("gpu", null), (catalog.Tasks["gpu-task"].Pool, catalog.Tasks["gpu-task"].ServicePool));
    }

    [Theory]
    [InlineData("runner: process\n    command: [cat]\n    pool: { max: 2 }", "tasks.t.pool", "Only container tasks")]
    [InlineData("runner: container\n    image: i\n    pool: { min: 3, max: 2 }", "tasks.t.pool.max", "below 'min'")]
    [InlineData("runner: container\n    image: i\n    pool: { max: 101 }", "tasks.t.pool.max", "outside 1..100")]
    [InlineData("runner: container\n    image: i\n    network: none\n    pool: { max: 2 }", "tasks.t.network", "need a network")]
    [InlineData("runner: container\n    image: i\n    pool: { max: 2, scale_down_after: 2h }", "tasks.t.pool.scale_down_after", "longer than 1h")]
    [InlineData("runner: container\n    image: i\n    pool: { max: 2, replicas: 3 }", "tasks.t.pool.replicas", "Unknown key")]
    public void Load_UnusablePool_IsReportedAtItsKey(string entry, string path, string says)
    {
        var (catalog, problems) = CatalogLoader.Load(Head + "  t:\n    " + entry + "\n", "catalog.yaml", ".");
        Assert.Null(catalog);
        Assert.Contains(problems, p => p.Path == path && p.Message.Contains(says, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("object-detect")]
    [InlineData("Detect.Objects_v2")]
    [InlineData("a-very-long-task-name-that-goes-on-and-on-past-the-forty-letters-kept")]
    public void QueueName_AnyTaskName_IsAValidQueueNameUniqueToIt(string task)
    {
        var name = ServicePoolQueues.QueueName(task);
        Assert.Matches("^[a-z0-9]([a-z0-9]|-(?!-))*[a-z0-9]$", name);
        Assert.InRange(name.Length, 3, 63);
        Assert.StartsWith(ServicePoolQueues.Prefix, name, StringComparison.Ordinal);
        Assert.NotEqual(name, ServicePoolQueues.QueueName(task + "x"));
    }
}
