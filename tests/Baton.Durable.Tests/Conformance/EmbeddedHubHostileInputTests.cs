using Baton.Runtime.Runners;

namespace Baton.Durable.Tests.Conformance;

/// <summary>The generated hostile inputs on the embedded hub (SQLite).</summary>
public sealed class EmbeddedHubHostileInputTests : HostileInputConformance
{
    /// <inheritdoc />
    protected override Task<IBackendDriver> CreateAsync(FunctionRegistry functions, Func<string, string?> appSetting) =>
        EmbeddedDriver.StartAsync(functions, appSetting);
}
