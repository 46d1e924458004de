using Azure.Storage.Blobs;
using Baton.ControlPlane;
using Baton.Durable;
using Baton.Core.Definitions;
using Baton.Runtime.Composition;
using Baton.Runtime.Data;
using Baton.Runtime.Hosting;
using Baton.Runtime.Runners;
using Baton.Runtime.Slo;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OpenTelemetry.Metrics;

namespace Baton.Functions;

/// <summary>The services the function app's triggers use.</summary>
/// <remarks>App settings read: <c>AzureWebJobsStorage</c> (a connection string; or <c>AzureWebJobsStorage__blobServiceUri</c> /
/// <c>__accountName</c> with a managed identity); Baton's own settings are bound once into <see cref="HostSettings"/> (the task hub,
/// <c>BATON_DATA_CONTAINER</c>, default <c>baton-{hub}</c> as local workers use, and <c>BATON_DATA_THRESHOLD</c>, bytes, default 32768, the size
/// above which step data is kept in the data container and history holds a reference); task bindings read further settings by name
/// (event topic keys). Missing or invalid settings stop the app at start with the name of the setting.</remarks>
public static class FunctionsSetup
{
    /// <summary>Registers Baton's services for the function app: the settings, bound once; the control plane's; the hub's shared parts; the runners.</summary>
    /// <exception cref="InvalidOperationException">A setting is missing or invalid; the message names each.</exception>
    public static IServiceCollection AddBatonFunctions(this IServiceCollection services, IConfiguration configuration)
    {
        var settings = Settings(configuration);
        services.AddBatonControlPlane();
        // Registered before AddBaton so the runners get the data container (container tasks' blobs on ACI).
        services.TryAddSingleton(sp => TaskExecutor.Standard(sp.GetRequiredService<BatonContext>(), Container(configuration, settings)));
        services.AddBaton(settings);
        services.AddSingleton<FunctionsHub>();
        services.AddSingleton<IEvaluationHistory>(sp => new BlobEvaluationHistory(Container(configuration, settings), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(_ => new PoolQueues(Queues(configuration), settings.HubName));
        // /metrics: OpenTelemetry's Prometheus exporter over Baton's meters, as in baton serve.
        services.AddOpenTelemetry().WithMetrics(m => m.AddMeter(Runtime.Telemetry.Name).AddPrometheusExporter());
        return services;
    }

    /// <summary>The app's settings, bound as the CLI and <c>baton serve</c> bind theirs (<see cref="HostSettingsLoader.Bind"/>): the
    /// app settings, and the host.json deployed beside the app.</summary>
    /// <exception cref="InvalidOperationException">A setting or host.json holds an invalid value; the message names each.</exception>
    public static HostSettings Settings(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        try
        {
            return HostSettingsLoader.Bind(configuration, AppContext.BaseDirectory);
        }
        catch (DefinitionException ex)
        {
            throw new InvalidOperationException("The function app cannot start: " + string.Join(" ", ex.Diagnostics.Select(d => d.ToString())), ex);
        }
    }

    /// <summary>The queue service worker pools use (see <see cref="PoolQueues"/>), by connection string or by account with a managed identity.</summary>
    /// <exception cref="InvalidOperationException">No storage setting is given; the message names the settings.</exception>
    public static Azure.Storage.Queues.QueueServiceClient Queues(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (AppSettings.Value(configuration, AppSettings.Storage) is { } connection)
        {
            return new Azure.Storage.Queues.QueueServiceClient(connection);
        }
        var queueUri = AppSettings.Value(configuration, AppSettings.StorageQueueServiceUri)
            ?? (AppSettings.Value(configuration, AppSettings.StorageAccountName) is { } account ? $"https://{account}.queue.core.windows.net" : null);
        return queueUri is null
            ? throw new InvalidOperationException("No storage is configured: set the app setting AzureWebJobsStorage (a connection string), " +
                "or AzureWebJobsStorage__accountName (or __queueServiceUri) for a managed identity.")
            : new Azure.Storage.Queues.QueueServiceClient(new Uri(queueUri), new Azure.Identity.DefaultAzureCredential());
    }

    /// <summary>The data container from the app settings, by connection string or by account with a managed identity.</summary>
    /// <exception cref="InvalidOperationException">No storage setting is given; the message names the settings.</exception>
    public static BlobContainerClient Container(IConfiguration configuration, HostSettings settings)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(settings);
        var name = DurableHub.ContainerName(settings.HubName, settings.DataContainer);
        if (AppSettings.Value(configuration, AppSettings.Storage) is { } connection)
        {
            return new BlobContainerClient(connection, name, BlobDefinitionStore.ClientOptions());
        }
        var blobUri = AppSettings.Value(configuration, AppSettings.StorageBlobServiceUri)
            ?? (AppSettings.Value(configuration, AppSettings.StorageAccountName) is { } account ? $"https://{account}.blob.core.windows.net" : null);
        return blobUri is null
            ? throw new InvalidOperationException("No storage is configured: set the app setting AzureWebJobsStorage (a connection string), " +
                "or AzureWebJobsStorage__accountName (or __blobServiceUri) for a managed identity.")
            : new BlobContainerClient(new Uri($"{blobUri.TrimEnd('/')}/{name}"), new Azure.Identity.DefaultAzureCredential(), BlobDefinitionStore.ClientOptions());
    }
}
