using Baton.Runtime.Runners;

namespace Baton.Durable.Tests.Conformance;

/// <summary>The conformance suite on the Durable backend end to end: sidecar, Azure Storage provider, Azurite.</summary>
public sealed class AzuriteDurableConformanceTests : BackendConformance
{
    /// <inheritdoc />
    protected override Task<IBackendDriver> CreateAsync(FunctionRegistry functions, Func<string, string?> appSetting) =>
        AzuriteDurableDriver.StartAsync(functions, appSetting);
}
