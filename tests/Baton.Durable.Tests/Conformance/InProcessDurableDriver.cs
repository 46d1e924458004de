using Baton.Runtime.Runners;

namespace Baton.Durable.Tests.Conformance;

/// <summary>The generic orchestrator on a local worker whose sidecar keeps orchestrations in memory (the Durable Task
/// framework's in-memory backend), the fastest Durable backend.</summary>
internal static class InProcessDurableDriver
{
    public static Task<IBackendDriver> StartAsync(FunctionRegistry functions, Func<string, string?> appSetting) =>
        AzuriteDurableDriver.StartAsync(functions, appSetting, inMemory: true);
}
