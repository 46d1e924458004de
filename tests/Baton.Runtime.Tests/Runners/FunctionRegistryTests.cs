using Baton.Runtime.Runners;

namespace Baton.Runtime.Tests.Runners;

public sealed class FunctionRegistryTests
{
    [Fact]
    public void BuiltInNames_AreTheNamesEveryHostRegisters()
    {
        var registered = FunctionRegistry.WithBuiltIns(TimeProvider.System).Names.Order(StringComparer.Ordinal);

        Assert.Equal(registered, FunctionRegistry.BuiltInNames.Order(StringComparer.Ordinal));
    }
}
