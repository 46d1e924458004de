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
internal sealed class InProcessDurableDriver(DurableTaskTestHost host, DurableWorkflowClient client, InMemoryDefinitionStore definitions) : DurableDriver(client)
{
    public static async Task<IBackendDriver> StartAsync(FunctionRegistry functions, Func<string, string?> appSetting, OrchestratorOptions? options = null)
    {
        var definitions = new InMemoryDefinitionStore();
        var plans = new PlanCache(definitions.GetAsync);
        // Large values and kept states go to Blob storage on Azurite, as on every Durable deployment.
        var data = new BlobClaimCheck(new BlobContainerClient(await Azurite.ConnectionStringAsync(), "inproc-" + Guid.NewGuid().ToString("N")[..12]));
        await data.EnsureAsync(default);
        var activity = new TaskActivity(TaskExecutor.Standard(functions, appSetting), plans, new ReplyTokens(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)), data,
            new BlobEvaluationHistory(data.Container, TimeProvider.System), definitions);
        var host = await DurableTaskTestHost.StartAsync(r => r.AddBaton(() => activity, options),
            new DurableTaskTestHostOptions { Port = Ports.Free(), LoggerFactory = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Warning)) });
        return new InProcessDurableDriver(host, new DurableWorkflowClient(host.Client, definitions, plans, functions.Names, data), definitions);
    }

    public override Task RegisterAsync(Runtime.Store.StoredDefinition workflow) => definitions.RegisterAsync(workflow, default);

    public override ValueTask DisposeAsync() => host.DisposeAsync();
}
