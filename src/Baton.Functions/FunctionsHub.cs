using Baton.Durable;
using Baton.Runtime.Runners;
using Microsoft.Extensions.Configuration;

namespace Baton.Functions;

/// <summary>The task hub's shared parts (<see cref="DurableHub"/>), opened once per worker on first use: the container and
/// the hub's secret may be created then, which needs storage to answer.</summary>
public sealed class FunctionsHub(IConfiguration configuration, FunctionRegistry functions, TimeProvider time)
{
    private readonly Lazy<Task<DurableHub>> _hub = new(() => DurableHub.OpenAsync(FunctionsSetup.Container(configuration),
        AppSettings.Value(configuration, AppSettings.EmbeddedBackend) ?? "BatonHub", functions.Names, FunctionsSetup.DataThreshold(configuration), time, CancellationToken.None));

    /// <summary>The hub's shared parts.</summary>
    public Task<DurableHub> GetAsync() => _hub.Value;
}
