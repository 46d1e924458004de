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
/// the sidecar; here it is <c>TaskHubGrpcServer</c> over <c>AzureStorageOrchestrationService</c>. One worker per
/// sidecar; several processes, each with its own sidecar, share one task hub through storage.</remarks>
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

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(loggerFactory);
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc();
        builder.Services.AddSingleton<IOrchestrationService>(new OrderlyOrchestrationService(service));
        builder.Services.AddSingleton<IOrchestrationServiceClient>(service);
        builder.Services.AddSingleton<TaskHubGrpcServer>();
        builder.Services.Configure<TaskHubGrpcServerOptions>(o =>
            o.Mode = options.ClientOnly ? TaskHubGrpcServerMode.ApiServerOnly : TaskHubGrpcServerMode.ApiServerAndDispatcher);
        var app = builder.Build();
        app.MapGrpcService<TaskHubGrpcServer>();
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
