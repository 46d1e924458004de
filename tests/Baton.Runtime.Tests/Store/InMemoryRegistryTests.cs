using Baton.Testing;
using Baton.Abstractions;

namespace Baton.Embedded.Tests.Store;

/// <summary>The registry's rules over the in-memory reference store.</summary>
public sealed class InMemoryRegistryTests : RegistryContract
{
    protected override Task<IRegistryStore> CreateStoreAsync() => Task.FromResult<IRegistryStore>(new InMemoryRegistryStore());
}
