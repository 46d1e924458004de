using Baton.Runtime.Data;
using System.Net;
using DurableTask.AzureStorage;
using DurableTask.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.DurableTask.Testing.Sidecar.Grpc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Baton.Durable.Local;

/// <summary>A Durable Task sidecar in this process: the gRPC task hub service over the Azure Storage backend, on a
/// loopback port, for one worker to connect to.</summary>
/// <remarks>This is the shape of Durable Functions' isolated worker, where the Functions host's Durable extension is
/// the sidecar; here it is <c>TaskHubGrpcServer</c> (with the repairs of <see cref="OrderlyOrchestrationService"/> and
/// the history route of <see cref="HistoryServingGrpcServer"/>) over <c>AzureStorageOrchestrationService</c>, or over
/// the framework's in-memory backend for tests (<see cref="DurableSidecarOptions.InMemory"/>). One worker per sidecar;
/// several processes, each with its own sidecar, share one task hub through storage.</remarks>
public sealed class DurableSidecar : IAsyncDisposable
{
    private readonly WebApplication _app;

    private DurableSidecar(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    /// <summary>Where workers and clients connect (http, loopback).</summary>
    public Uri Address { get; }

    /// <summary>Creates the task hub's queues, tables and containers if needed and starts the sidecar.</summary>
    /// <exception cref="StorageUnavailableException">The storage account cannot be reached; the message says how to start Azurite.</exception>
    public static async Task<DurableSidecar> StartAsync(DurableSidecarOptions options, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.InMemory)
        {
            // The framework's in-memory backend: orchestrations live as long as this process (tests); data is still in Blob storage.
            var memory = new Microsoft.DurableTask.Testing.Sidecar.InMemoryOrchestrationService(loggerFactory);
            return await StartAsync(memory, memory, InstanceHistories.Kept(), options.ClientOnly, loggerFactory, cancellationToken).ConfigureAwait(false);
        }
        var service = new AzureStorageOrchestrationService(new AzureStorageOrchestrationServiceSettings
        {
            StorageAccountClientProvider = new StorageAccountClientProvider(options.StorageConnectionString),
            TaskHubName = options.TaskHubName,
            WorkerId = options.WorkerId,
            PartitionCount = options.PartitionCount,
            MaxQueuePollingInterval = options.MaxQueuePollingInterval,
            LeaseInterval = options.LeaseInterval,
            WorkItemQueueVisibilityTimeout = options.VisibilityTimeout,
            ControlQueueVisibilityTimeout = options.VisibilityTimeout,
            MaxConcurrentTaskActivityWorkItems = options.MaxConcurrentActivities,
            MaxConcurrentTaskOrchestrationWorkItems = options.MaxConcurrentOrchestrations,
            LoggerFactory = loggerFactory,
        });
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(60));
            await service.CreateIfNotExistsAsync().WaitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            throw StorageUnavailableException.For(StorageEndpoint(options.StorageConnectionString), ex);
        }
        return await StartAsync(service, service, InstanceHistories.Stored(service), options.ClientOnly, loggerFactory, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<DurableSidecar> StartAsync(IOrchestrationService service, IOrchestrationServiceClient client, InstanceHistories histories,
        bool clientOnly, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(loggerFactory);
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc();
        builder.Services.AddSingleton<IOrchestrationService>(new OrderlyOrchestrationService(service, histories.Keep));
        builder.Services.AddSingleton(client);
        builder.Services.AddSingleton(histories);
        builder.Services.AddSingleton<HistoryServingGrpcServer>();
        builder.Services.Configure<TaskHubGrpcServerOptions>(o =>
            o.Mode = clientOnly ? TaskHubGrpcServerMode.ApiServerOnly : TaskHubGrpcServerMode.ApiServerAndDispatcher);
        var app = builder.Build();
        app.MapGrpcService<HistoryServingGrpcServer>();
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new DurableSidecar(app, new Uri(bound.Replace("[::]", "127.0.0.1", StringComparison.Ordinal)));
    }

    /// <summary>Stops the sidecar; the backend releases its partition leases.</summary>
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>The blob endpoint a connection string names, read by the SDK's own parser (no request is sent).</summary>
    private static Uri StorageEndpoint(string connectionString)
    {
        try
        {
            return new Azure.Storage.Blobs.BlobServiceClient(connectionString).Uri;
        }
        catch (FormatException)
        {
            return new Uri("https://storage.invalid");
        }
    }
}
