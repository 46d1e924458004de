using Baton.Runtime.Runners;

namespace Baton.Durable.Tests.Conformance;

/// <summary>The conformance suite on the generic orchestrator, over the Durable Task SDK's in-process sidecar.</summary>
public sealed class InProcessDurableConformanceTests : BackendConformance
{
    /// <inheritdoc />
    protected override Task<IBackendDriver> CreateAsync(FunctionRegistry functions, Func<string, string?> appSetting) =>
        InProcessDurableDriver.StartAsync(functions, appSetting);
}
