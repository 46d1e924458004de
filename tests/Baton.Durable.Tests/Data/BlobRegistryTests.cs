using Azure.Storage.Blobs;
using Baton.Testing;
using Baton.Abstractions;

namespace Baton.Durable.Tests.Data;

/// <summary>The registry's rules over the Durable backend's Blob container, on Azurite.</summary>
public sealed class BlobRegistryTests : RegistryContract
{
    protected override async Task<IRegistryStore> CreateStoreAsync()
    {
        var store = new BlobDefinitionStore(new BlobContainerClient(await Azurite.ConnectionStringAsync(), "registry-" + Guid.NewGuid().ToString("N")[..12], BlobDefinitionStore.ClientOptions()), TimeProvider.System);
        await store.EnsureAsync(default);
        return store;
    }
}
