using Azure.Storage.Blobs;
using Baton.Runtime.Data;
using Baton.Runtime.Runners;
using Grpc.Net.Client;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Baton.Abstractions;

using Baton.Runtime.Composition;

namespace Baton.Durable.Local;

/// <summary>A worker process on the Durable backend, run locally: its own sidecar on Azure Storage, the real Durable Task
/// gRPC worker running Baton's orchestrator and activity, the pool workers it serves, and a client for starting and
/// managing instances.</summary>
/// <remarks>The same orchestrator and activity code the function app runs. Definitions, catalogs, step data over
/// <see cref="DurableSidecarOptions.DataThreshold"/> and the hub's secrets live in the hub's Blob container
/// (<see cref="DurableHub.ContainerName"/>), so every process of the hub sees the same ones.</remarks>
public sealed class LocalDurableWorker : IAsyncDisposable
{
    private readonly DurableSidecar _sidecar;
    private readonly IHost _worker;
    private readonly GrpcChannel _channel;

    private readonly List<PoolWorker> _poolWorkers = [];

    private LocalDurableWorker(DurableSidecar sidecar, IHost worker, GrpcChannel channel, DurableHub hub, DurableTaskClient client)
    {
        _sidecar = sidecar;
        _worker = worker;
        _channel = channel;
        Hub = hub;
        Client = client;
        Workflows = hub.Workflows(client);
    }

    /// <summary>The hub's shared parts: definitions, registry, data, claims, secret.</summary>
    public DurableHub Hub { get; }

    /// <summary>The Durable Task client of this process's sidecar.</summary>
    public DurableTaskClient Client { get; }

    /// <summary>Starts and manages workflow instances on the hub.</summary>
    public DurableWorkflowClient Workflows { get; }

    /// <summary>Checks the reply tokens of event tasks' reports.</summary>
    public ReplyTokens ReplyTokens => Hub.ReplyTokens;

    /// <summary>The hub's definitions, catalogs and registry in Blob storage.</summary>
    public BlobDefinitionStore Definitions => Hub.Store;

    /// <summary>The registry of named versions over <see cref="Definitions"/>.</summary>
    public Registry Registry => Hub.Registry;

    /// <summary>Where this process's sidecar listens (loopback gRPC).</summary>
    public Uri Address => _sidecar.Address;

    /// <summary>This worker as the connection a <see cref="DurableBackend"/> runs on; disposing of the backend stops the worker.</summary>
    public DurableConnection Connection(DurableSidecarOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new DurableConnection(Hub, Client, this, new System.Text.Json.Nodes.JsonObject { ["backend"] = "durable", ["taskHub"] = options.TaskHubName, ["worker"] = options.WorkerId });
    }

    /// <summary>Starts the sidecar and the worker; the process then takes its share of the hub's partitions.</summary>
    /// <remarks><paramref name="moreTasks"/> registers further orchestrators and activities beside Baton's (the
    /// benchmark's hand-written baselines).</remarks>
    /// <exception cref="StorageUnavailableException">Storage cannot be reached; the message says how to start Azurite.</exception>
    public static async Task<LocalDurableWorker> StartAsync(DurableSidecarOptions options, BatonContext context, OrchestratorOptions? orchestrator,
        CancellationToken cancellationToken, Action<Microsoft.DurableTask.DurableTaskRegistry>? moreTasks = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(context);
        var loggerFactory = context.Logging;
        var container = new BlobContainerClient(options.StorageConnectionString, DurableHub.ContainerName(options.TaskHubName, options.DataContainer),
            BlobDefinitionStore.ClientOptions());
        var hub = await DurableHub.OpenAsync(container, options.TaskHubName, options.DataThreshold, context, cancellationToken, orchestrator)
            .ConfigureAwait(false);
        var pools = new PoolQueues(new Azure.Storage.Queues.QueueServiceClient(options.StorageConnectionString), options.TaskHubName);
        var activity = new TaskActivity(TaskExecutor.Standard(context, container), hub.Plans, hub.ReplyTokens, hub.Data,
            new BlobEvaluationHistory(container, context.Time), hub.Registry, pools);
        var sidecar = await DurableSidecar.StartAsync(options, loggerFactory, cancellationToken).ConfigureAwait(false);
        var channel = GrpcChannel.ForAddress(sidecar.Address);
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(loggerFactory);
        if (!options.ClientOnly)
        {
            builder.Services.AddDurableTaskWorker(b => b
                .AddTasks(r =>
                {
                    r.AddBaton(() => activity, hub.Orchestrator);
                    moreTasks?.Invoke(r);
                })
                .UseGrpc(channel)
                .Configure(o =>
                {
                    o.Concurrency.MaximumConcurrentActivityWorkItems = options.MaxConcurrentActivities;
                    o.Concurrency.MaximumConcurrentOrchestrationWorkItems = options.MaxConcurrentOrchestrations;
                }));
        }
        builder.Services.AddDurableTaskClient(b => b.UseGrpc(channel));
        var worker = builder.Build();
        await worker.StartAsync(cancellationToken).ConfigureAwait(false);
        var backend = new LocalDurableWorker(sidecar, worker, channel, hub, worker.Services.GetRequiredService<DurableTaskClient>());
        foreach (var (pool, slots) in options.ClientOnly ? [] : options.Pools.ToList())
        {
            var served = new PoolWorker(pools, pool, slots, activity.RunHereAsync, backend.Workflows.ReportAsync, loggerFactory.CreateLogger<PoolWorker>());
            await served.StartAsync(cancellationToken).ConfigureAwait(false);
            backend._poolWorkers.Add(served);
        }
        return backend;
    }

    /// <summary>Stops the pool workers and the worker, then the sidecar (which releases this process's partitions).</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var pool in _poolWorkers)
        {
            await pool.DisposeAsync().ConfigureAwait(false);
        }
        await _worker.StopAsync().ConfigureAwait(false);
        _worker.Dispose();
        await _sidecar.DisposeAsync().ConfigureAwait(false);
        _channel.Dispose();
    }
}
