using Baton.Durable.Local;
using Baton.Runtime.Runners;
using Baton.Testing;
using Microsoft.Extensions.Logging;

namespace Baton.Durable.Tests.Conformance;

/// <summary>The generic orchestrator on the Durable backend end to end: a local worker (its own sidecar, the real Durable
/// Task gRPC worker and client) over the Azure Storage provider on Azurite, or, with <c>inMemory</c>, over the framework's
/// in-memory backend (step data and the registry still in Blob storage on Azurite).</summary>
internal static class AzuriteDurableDriver
{
    public static async Task<IBackendDriver> StartAsync(FunctionRegistry functions, Func<string, string?> appSetting, bool inMemory = false)
    {
        var options = new DurableSidecarOptions(await Azurite.ConnectionStringAsync(), UniqueHub(inMemory ? "inproc" : "conf"), "conformance")
        {
            PartitionCount = 2,
            MaxQueuePollingInterval = TimeSpan.FromMilliseconds(200),
            InMemory = inMemory,
        };
        var worker = await LocalDurableWorker.StartAsync(options, TestContexts.Of(functions, appSetting, logging: LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Warning))), null, default);
        return new BackendDriver(new DurableBackend(worker.Connection(options)));
    }

    /// <summary>A fresh task hub name, so test classes never see each other's instances.</summary>
    public static string UniqueHub(string prefix) => prefix + Guid.NewGuid().ToString("N")[..12];
}
