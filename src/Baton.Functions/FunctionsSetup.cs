using Azure.Storage.Blobs;
using Baton.ControlPlane;
using Baton.Durable;
using Baton.Runtime.Data;
using Baton.Runtime.Runners;
using Baton.Runtime.Slo;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OpenTelemetry.Metrics;

namespace Baton.Functions;

/// <summary>The services the function app's triggers use.</summary>
/// <remarks>App settings read: <c>AzureWebJobsStorage</c> (a connection string; or <c>AzureWebJobsStorage__blobServiceUri</c> /
/// <c>__accountName</c> with a managed identity) and <c>BATON_DATA_CONTAINER</c> (default <c>baton-{hub}</c>, as local workers use); task bindings
/// read further settings by name (event topic keys). <c>BATON_DATA_THRESHOLD</c> (bytes, default 32768) is the size
/// above which step data is kept in the data container and history holds a reference. Missing storage settings stop the app at start with the name of
/// the setting.</remarks>
public static class FunctionsSetup
{
    /// <summary>Registers Baton's services for the function app: the control plane's, the hub's shared parts, the runners.</summary>
    public static IServiceCollection AddBatonFunctions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddBatonControlPlane();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => FunctionRegistry.WithBuiltIns(sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<FunctionsHub>();
        services.AddSingleton(sp => TaskExecutor.Standard(sp.GetRequiredService<FunctionRegistry>(), name => configuration[name], Container(configuration)));
        services.AddSingleton<IEvaluationHistory>(sp => new BlobEvaluationHistory(Container(configuration), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(_ => new PoolQueues(Queues(configuration), AppSettings.Value(configuration, AppSettings.EmbeddedBackend) ?? "BatonHub"));
        // /metrics: OpenTelemetry's Prometheus exporter over Baton's meters, as in baton serve.
        services.AddOpenTelemetry().WithMetrics(m => m.AddMeter(Runtime.Telemetry.Name).AddPrometheusExporter());
        return services;
    }

    /// <summary>The claim-check threshold from <c>BATON_DATA_THRESHOLD</c>, in bytes.</summary>
    /// <exception cref="InvalidOperationException">The setting is not a positive whole number.</exception>
    public static int DataThreshold(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        try
        {
            return BlobClaimCheck.ParseThreshold(AppSettings.DataThreshold, AppSettings.Value(configuration, AppSettings.DataThreshold));
        }
        catch (FormatException ex)
        {
            throw new InvalidOperationException(ex.Message, ex);
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
    public static BlobContainerClient Container(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var name = DurableHub.ContainerName(AppSettings.Value(configuration, AppSettings.EmbeddedBackend) ?? "BatonHub", AppSettings.Value(configuration, AppSettings.DataContainer));
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
