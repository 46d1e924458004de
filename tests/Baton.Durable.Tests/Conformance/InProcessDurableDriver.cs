using Azure.Storage.Blobs;
using Baton.Runtime.Data;
using Baton.Runtime.Events;
using Baton.Runtime.Hub;
using Baton.Runtime.Runners;
using Baton.Testing;
using Microsoft.DurableTask.Testing;
using Microsoft.Extensions.Logging;

namespace Baton.Durable.Tests.Conformance;

/// <summary>The generic orchestrator and task activity on the Durable Task SDK's in-process sidecar (a real gRPC sidecar over an in-memory backend).</summary>
internal sealed class InProcessDurableDriver(DurableTaskTestHost host, DurableWorkflowClient client, Runtime.Store.Registry registry) : DurableDriver(client)
{
    public static async Task<IBackendDriver> StartAsync(FunctionRegistry functions, Func<string, string?> appSetting, OrchestratorOptions? options = null)
    {
        var definitions = new Runtime.Store.InMemoryRegistryStore();
        var registry = new Runtime.Store.Registry(definitions, TimeProvider.System);
        var plans = new PlanCache(definitions.GetDefinitionAsync);
        // Large values and kept states go to Blob storage on Azurite, as on every Durable deployment.
        var data = new BlobClaimCheck(new BlobContainerClient(await Azurite.ConnectionStringAsync(), "inproc-" + Guid.NewGuid().ToString("N")[..12]));
        await data.EnsureAsync(default);
        var tokens = new ReplyTokens(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        var activity = new TaskActivity(TaskExecutor.Standard(functions, appSetting), plans, tokens, data,
            new BlobEvaluationHistory(data.Container, TimeProvider.System), registry);
        var host = await DurableTaskTestHost.StartAsync(r => r.AddBaton(() => activity, options),
            new DurableTaskTestHostOptions { Port = Ports.Free(), LoggerFactory = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Warning)) });
        return new InProcessDurableDriver(host, new DurableWorkflowClient(host.Client, definitions, plans, functions.Names, data, tokens,
            new InstanceClaims(data.Container, TimeProvider.System)), registry);
    }

    public override Task RegisterAsync(Runtime.Store.StoredDefinition workflow) => registry.RegisterAsync(workflow, default);

    public override ValueTask DisposeAsync() => host.DisposeAsync();
}
