using Azure.Storage.Blobs;
using Baton.Runtime.Data;
using Microsoft.DurableTask.Client;
using Baton.Abstractions;
using Baton.Runtime.Catalog;
using Baton.Runtime.Composition;

namespace Baton.Durable;

/// <summary>What every process of a Durable task hub shares: the Blob container of definitions, the registry, step data,
/// claims and the hub's secret, opened once per process.</summary>
/// <remarks>The function app, a local worker (<c>baton serve --backend durable</c>, <c>baton worker</c>) and the tests open it
/// the same way, over the container <see cref="ContainerName"/> names, so they see the same registry and data on one hub.</remarks>
public sealed class DurableHub
{
    private DurableHub(string taskHubName, BlobDefinitionStore store, BlobClaimCheck data, ReplyTokens replyTokens, IReadOnlyCollection<string> functionNames,
        TimeProvider time, IdSource ids, OrchestratorOptions orchestrator)
    {
        Ids = ids;
        TaskHubName = taskHubName;
        Store = store;
        Data = data;
        ReplyTokens = replyTokens;
        FunctionNames = functionNames;
        Time = time;
        Registry = new Registry(store, time);
        Plans = new PlanCache(store.GetDefinitionAsync);
        Claims = new InstanceClaims(store.Container, time);
        Orchestrator = orchestrator;
        History = new DurableHistoryLog(store.Container);
        Audit = new BlobAuditLog(store.Container);
        Timelines = new DurableTimelines(History, orchestrator);
    }

    /// <summary>The hub's audit log of control actions, in its container.</summary>
    public BlobAuditLog Audit { get; }

    /// <summary>The task hub's name.</summary>
    public string TaskHubName { get; }

    /// <summary>Definitions, catalogs, the registry's entries and the hub's secrets, in Blob storage.</summary>
    public BlobDefinitionStore Store { get; }

    /// <summary>The registry of named versions over <see cref="Store"/>.</summary>
    public Registry Registry { get; }

    /// <summary>Compiled plans and parsed catalogs, by hash.</summary>
    public PlanCache Plans { get; }

    /// <summary>Step data over the claim-check threshold, kept by reference.</summary>
    public BlobClaimCheck Data { get; }

    /// <summary>What must happen once per instance: starts with a chosen id, the report that ends an attempt.</summary>
    public InstanceClaims Claims { get; }

    /// <summary>Issues and checks the reply tokens of event tasks, and the proofs of the reports that pass them.</summary>
    public ReplyTokens ReplyTokens { get; }

    /// <summary>The in-process functions a task may name without a catalog binding.</summary>
    public IReadOnlyCollection<string> FunctionNames { get; }

    /// <summary>The clock of the registry, the claims and the evaluation history.</summary>
    public TimeProvider Time { get; }

    /// <summary>Where the hub's clients take new instance ids from.</summary>
    public IdSource Ids { get; }

    /// <summary>The options the hub's workers run the generic orchestrator with; reading an instance's history replays it with them.</summary>
    public OrchestratorOptions Orchestrator { get; }

    /// <summary>The engine events of instances' ended executions.</summary>
    public DurableHistoryLog History { get; }

    /// <summary>Instances' engine histories and states, rebuilt from the framework's (see <see cref="DurableTimeline"/>).</summary>
    internal DurableTimelines Timelines { get; }

    /// <summary>The container a hub keeps its definitions and data in: the configured one, else <c>baton-{hub}</c>.</summary>
    /// <remarks>The function app's infra names it (<c>BATON_DATA_CONTAINER</c>); a local worker joining that hub must name the same.</remarks>
    public static string ContainerName(string taskHubName, string? configured)
    {
        ArgumentException.ThrowIfNullOrEmpty(taskHubName);
        return configured is { Length: > 0 } name ? name : $"baton-{taskHubName.ToLowerInvariant()}";
    }

    /// <summary>Opens the hub's shared parts in a container, creating the container and the hub's secret the first time.</summary>
    /// <exception cref="StorageUnavailableException">Storage cannot be reached; the message says how to start Azurite.</exception>
    /// <remarks>The clock, ids and function names are the <paramref name="context"/>'s.</remarks>
    public static async Task<DurableHub> OpenAsync(BlobContainerClient container, string taskHubName, int dataThreshold, BatonContext context,
        CancellationToken cancellationToken, OrchestratorOptions? orchestrator = null)
    {
        ArgumentNullException.ThrowIfNull(container);
        ArgumentNullException.ThrowIfNull(context);
        var (time, ids) = (context.Time, context.Ids);
        var store = new BlobDefinitionStore(container, time);
        await store.EnsureAsync(cancellationToken).ConfigureAwait(false);
        var tokens = new ReplyTokens(await store.GetSecretAsync("reply-tokens", cancellationToken).ConfigureAwait(false));
        return new DurableHub(taskHubName, store, new BlobClaimCheck(container, dataThreshold), tokens, [.. context.Functions.Names], time, ids,
            orchestrator ?? OrchestratorOptions.Default);
    }

    /// <summary>A client of the hub's instances over a Durable Task client (from a worker's sidecar, or the Functions binding).</summary>
    public DurableWorkflowClient Workflows(DurableTaskClient client) => new(client, Store, Plans, FunctionNames, Ids, Data, ReplyTokens, Claims);
}
