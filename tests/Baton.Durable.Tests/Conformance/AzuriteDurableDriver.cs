using Baton.Durable.Local;
using Baton.Runtime.Runners;
using Baton.Testing;
using Microsoft.Extensions.Logging;

namespace Baton.Durable.Tests.Conformance;

/// <summary>The generic orchestrator on the Durable backend end to end: a sidecar over the Azure Storage provider on
/// Azurite, and the real Durable Task gRPC worker and client.</summary>
internal sealed class AzuriteDurableDriver(LocalDurableWorker backend) : DurableDriver(backend.Workflows)
{
    public static async Task<IBackendDriver> StartAsync(FunctionRegistry functions, Func<string, string?> appSetting)
    {
        var options = new DurableSidecarOptions(await Azurite.ConnectionStringAsync(), UniqueHub("conf"), "conformance")
        {
            PartitionCount = 2,
            MaxQueuePollingInterval = TimeSpan.FromMilliseconds(200),
        };
        return new AzuriteDurableDriver(await LocalDurableWorker.StartAsync(options, functions, appSetting,
            LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Warning)), null, default));
    }

    /// <summary>A fresh task hub name, so test classes never see each other's instances.</summary>
    public static string UniqueHub(string prefix) => prefix + Guid.NewGuid().ToString("N")[..12];

    /// <summary>The local sidecar does not record sub-orchestrations (see <see cref="OrchestratorOptions.SubOrchestrations"/>).</summary>
    public override bool RunsWorkflowSteps => false;

    public override async Task RegisterAsync(Runtime.Store.StoredDefinition workflow)
    {
        await backend.Definitions.SaveAsync(workflow, default);
        await backend.Definitions.RegisterAsync(workflow, default);
    }

    public override ValueTask DisposeAsync() => backend.DisposeAsync();
}
