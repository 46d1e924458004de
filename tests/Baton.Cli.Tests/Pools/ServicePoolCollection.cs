namespace Baton.Cli.Tests.Pools;

/// <summary>The test classes that run service pools: one at a time, as the hosts of one storage account would have to.</summary>
[CollectionDefinition(Name)]
public sealed class ServicePoolCollection
{
    /// <summary>The collection's name.</summary>
    public const string Name = "Service pools";
}
