using Baton.Runtime.Runners;

namespace Baton.Durable.Tests.Conformance;

/// <summary>The generated hostile inputs on the generic orchestrator over the in-process sidecar.</summary>
public sealed class InProcessDurableHostileInputTests : HostileInputConformance
{
    /// <inheritdoc />
    protected override Task<IBackendDriver> CreateAsync(FunctionRegistry functions, Func<string, string?> appSetting) =>
        InProcessDurableDriver.StartAsync(functions, appSetting);
}
