using Baton.Runtime.Runners;

namespace Baton.Durable.Tests.Conformance;

/// <summary>The generated hostile inputs on the sidecar, Azure Storage provider, Azurite.</summary>
public sealed class AzuriteDurableHostileInputTests : HostileInputConformance
{
    /// <inheritdoc />
    protected override Task<IBackendDriver> CreateAsync(FunctionRegistry functions, Func<string, string?> appSetting) =>
        AzuriteDurableDriver.StartAsync(functions, appSetting);
}
