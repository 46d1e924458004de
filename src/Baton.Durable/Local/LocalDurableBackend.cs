using Azure.Storage.Blobs;
using Baton.Runtime.Data;
using Baton.Runtime.Events;
using Baton.Runtime.Hub;
using Baton.Runtime.Runners;
using Baton.Runtime.Store;
using Grpc.Net.Client;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Baton.Durable.Local;

/// <summary>A worker process on the Durable backend: its own sidecar on Azure Storage, the real Durable Task gRPC
/// worker running Baton's orchestrator and activity, and a client for starting and managing instances.</summary>
/// <remarks>The same orchestrator and activity code the function app runs. Definitions, catalogs and the hub's
/// secrets live in the Blob container <c>baton-{hub}</c>, so every worker of the hub sees the same ones; so does step
/// data over <see cref="DurableSidecarOptions.DataThreshold"/> (see <see cref="BlobClaimCheck"/>).</remarks>
public sealed class LocalDurableBackend : IAsyncDisposable
{
    private readonly DurableSidecar _sidecar;
    private readonly IHost _worker;
    private readonly GrpcChannel _channel;

    private readonly List<PoolWorker> _poolWorkers = [];

    private LocalDurableBackend(DurableSidecar sidecar, IHost worker, GrpcChannel channel, DurableWorkflowClient workflows, ReplyTokens tokens, BlobDefinitionStore store,
        Registry registry)
    {
        _sidecar = sidecar;
        _worker = worker;
        _channel = channel;
        Workflows = workflows;
        ReplyTokens = tokens;
        Definitions = store;
        Registry = registry;
    }

    /// <summary>Starts and manages workflow instances on the hub.</summary>
    public DurableWorkflowClient Workflows { get; }

    /// <summary>Checks the reply tokens of event tasks' reports.</summary>
    public ReplyTokens ReplyTokens { get; }

    /// <summary>The hub's definitions, catalogs and registry in Blob storage.</summary>
    public BlobDefinitionStore Definitions { get; }

    /// <summary>The registry of named versions over <see cref="Definitions"/>.</summary>
    public Registry Registry { get; }

    /// <summary>Where this process's sidecar listens (loopback gRPC).</summary>
    public Uri Address => _sidecar.Address;

    /// <summary>The Blob container a hub keeps its definitions in.</summary>
    public static string ContainerName(string taskHubName) => $"baton-{taskHubName.ToLowerInvariant()}";

    /// <summary>Starts the sidecar and the worker; the process then takes its share of the hub's partitions.</summary>
    /// <remarks><paramref name="moreTasks"/> registers further orchestrators and activities beside Baton's (the
    /// benchmark's hand-written baselines).</remarks>
    /// <exception cref="StorageUnavailableException">Storage cannot be reached; the message says how to start Azurite.</exception>
    public static async Task<LocalDurableBackend> StartAsync(DurableSidecarOptions options, FunctionRegistry functions, Func<string, string?> appSetting,
        ILoggerFactory loggerFactory, OrchestratorOptions? orchestrator, CancellationToken cancellationToken, Action<Microsoft.DurableTask.DurableTaskRegistry>? moreTasks = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(functions);
        var store = new BlobDefinitionStore(new BlobContainerClient(options.StorageConnectionString, ContainerName(options.TaskHubName), BlobDefinitionStore.ClientOptions()), options.Time);
        var registry = new Registry(store, options.Time);
        await store.EnsureAsync(cancellationToken).ConfigureAwait(false);
        var tokens = new ReplyTokens(await store.GetSecretAsync("reply-tokens", cancellationToken).ConfigureAwait(false));
        var plans = new PlanCache(store.GetDefinitionAsync);
        var data = new BlobClaimCheck(store.Container, options.DataThreshold);
        var pools = new PoolQueues(new Azure.Storage.Queues.QueueServiceClient(options.StorageConnectionString), options.TaskHubName);
        var activity = new TaskActivity(TaskExecutor.Standard(functions, appSetting, store.Container), plans, tokens, data, new BlobEvaluationHistory(store.Container, options.Time), registry, pools);
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
                    // The local sidecar does not record sub-orchestrations (see OrchestratorOptions.SubOrchestrations).
                    r.AddBaton(() => activity, (orchestrator ?? OrchestratorOptions.Default) with { SubOrchestrations = false });
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
        var client = worker.Services.GetRequiredService<DurableTaskClient>();
        var backend = new LocalDurableBackend(sidecar, worker, channel, new DurableWorkflowClient(client, store, plans, functions.Names, data, tokens,
            new InstanceClaims(data.Container, options.Time)), tokens, store, registry);
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
