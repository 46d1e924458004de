using Baton.Durable;
using Baton.Runtime.Composition;
using Baton.Runtime.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Baton.Functions;

/// <summary>The task hub's shared parts (<see cref="DurableHub"/>), opened once per worker on first use: the container and
/// the hub's secret may be created then, which needs storage to answer.</summary>
public sealed class FunctionsHub(IConfiguration configuration, IOptions<HostSettings> settings, BatonContext context)
{
    private readonly Lazy<Task<DurableHub>> _hub = new(() => DurableHub.OpenAsync(FunctionsSetup.Container(configuration, settings.Value),
        settings.Value.HubName, settings.Value.DataThreshold, context, CancellationToken.None));

    /// <summary>Whether App Service authentication is on (<c>WEBSITE_AUTH_ENABLED</c>): then its <c>X-MS-CLIENT-PRINCIPAL</c> header names the caller.</summary>
    public bool AppServiceAuth => string.Equals(configuration["WEBSITE_AUTH_ENABLED"], "True", StringComparison.OrdinalIgnoreCase);

    /// <summary>The hub's shared parts.</summary>
    public Task<DurableHub> GetAsync() => _hub.Value;
}
