using Baton.Runtime.Runners;

namespace Baton.Durable.Tests.Conformance;

/// <summary>The conformance suite on the embedded hub (SQLite).</summary>
public sealed class EmbeddedHubConformanceTests : BackendConformance
{
    /// <inheritdoc />
    protected override Task<IBackendDriver> CreateAsync(FunctionRegistry functions, Func<string, string?> appSetting) =>
        EmbeddedDriver.StartAsync(functions, appSetting);
}
