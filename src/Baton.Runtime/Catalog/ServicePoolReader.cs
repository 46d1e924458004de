using System.Text.Json.Nodes;
using Baton.Core.Definitions;
using Baton.Runtime.Pools;

namespace Baton.Runtime.Catalog;

/// <summary>Reads <c>pool</c> on a catalog entry: a name (<c>pool: gpu</c>, the host's task slots it runs in) or, on a container
/// task, a service pool (<c>pool: { min, max, target_per_replica, scale_down_after }</c>).</summary>
internal static class ServicePoolReader
{
    private static readonly string[] Keys = ["min", "max", "target_per_replica", "scale_down_after"];

    /// <summary>The binding with its pool read from <paramref name="r"/>; problems go to <paramref name="sink"/>.</summary>
    public static TaskBinding Read(ObjectReader r, DiagnosticSink sink, TaskBinding binding)
    {
        if (r.Node["pool"] is not JsonObject)
        {
            var name = r.String("pool");
            if (name is not null && !TaskBinding.IsPoolName(name))
            {
                sink.Add("BTN017", r.At("pool"), $"'{name}' is not a pool name.", "Use lowercase letters, digits and '-', starting with a letter, e.g. pool: gpu.");
            }
            return binding with { Pool = name };
        }
        if (binding is not ContainerBinding container)
        {
            sink.Add("BTN015", r.At("pool"), "Only container tasks can run in a service pool.",
                "Give a worker pool's name instead (pool: gpu), or run the service as a container task.");
            return binding;
        }
        var p = r.Object("pool", required: false, Keys)!;
        var min = p.Int("min", 0, ServicePool.MaxReplicas) ?? 0;
        var max = p.Int("max", 1, ServicePool.MaxReplicas) ?? Math.Max(1, min);
        var target = p.Int("target_per_replica", 1, 10_000) ?? 1;
        var window = p.Duration("scale_down_after") ?? ServicePool.DefaultScaleDownAfter;
        if (max < min)
        {
            sink.Add("BTN013", p.At("max"), $"'max' is {max}, below 'min' ({min}).", "Make max at least min.");
        }
        if (window > ServicePool.MaxScaleDownAfter)
        {
            sink.Add("BTN013", p.At("scale_down_after"), "'scale_down_after' is longer than 1h.", "Use a window from 0s to 1h, e.g. scale_down_after: 5m.");
        }
        var network = r.Node.ContainsKey("network") ? container.Network : "host";
        if (network == "none")
        {
            sink.Add("BTN015", r.At("network"), "A pool's replicas take attempts from a queue, so they need a network.",
                "Leave 'network' out (a pool's default is host) or use bridge.");
        }
        if (container.Platform == "aci")
        {
            sink.Add("BTN015", r.At("platform"), "Azure Container Instances do not run service pools.",
                "Leave 'platform' out: in Azure, infra/ declares each pool as a Container App scaled on its queue (docs/catalog.md).");
        }
        return container with { Network = network, ServicePool = new ServicePool(min, max, target, window) };
    }
}
