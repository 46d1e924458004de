using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Baton.Abstractions;

namespace Baton.Runtime.Composition;

/// <summary>Chooses the workflow backend the rest of the app uses as <see cref="IWorkflowBackend"/>.</summary>
/// <remarks>Exactly one backend is registered; it runs as a hosted service, started with the host (before the web
/// server, so no request finds it stopped) and disposed of when the host stops. The backend packages add
/// <c>UseSqlite</c> (Baton.Storage.Sqlite) and <c>UseDurableTask</c> (Baton.Durable) on top of <see cref="UseBackend"/>. The
/// service pools' <see cref="Pools.PoolService"/> runs after it (idle unless <c>BATON_POOL_STORAGE</c> is set).</remarks>
public sealed class BatonBuilder(IServiceCollection services)
{
    /// <summary>The container being composed.</summary>
    public IServiceCollection Services => services;

    /// <summary>Uses the backend the factory makes (unstarted), as a singleton and a hosted service.</summary>
    public BatonBuilder UseBackend(Func<IServiceProvider, IWorkflowBackend> factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        services.AddSingleton(factory);
        services.AddHostedService<BackendService>();
        services.AddHostedService<Pools.PoolService>();
        return this;
    }

    /// <summary>Runs the backend with the host: started when the host starts, disposed of when it stops.</summary>
    private sealed class BackendService(IWorkflowBackend backend) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => backend.StartAsync(cancellationToken);

        public async Task StopAsync(CancellationToken cancellationToken) => await backend.DisposeAsync().ConfigureAwait(false);
    }
}
