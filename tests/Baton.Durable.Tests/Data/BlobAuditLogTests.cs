using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Baton.Abstractions.Audit;
using Baton.Testing;

namespace Baton.Durable.Tests.Data;

/// <summary>The audit log's rules over the Durable backend's Blob container, on Azurite, each writer a separate client as separate
/// function-app instances would be.</summary>
public sealed class BlobAuditLogTests : AuditLogContract
{
    private BlobContainerClient? _container;

    public override async Task InitializeAsync()
    {
        _container = new BlobContainerClient(await Azurite.ConnectionStringAsync(), "audit-" + Guid.NewGuid().ToString("N")[..12]);
        await _container.CreateAsync();
    }

    protected override IAuditLog Writer() => new BlobAuditLog(_container!);

    protected override async Task TamperAsync(long sequence, string body)
    {
        var blob = _container!.GetBlobClient($"audit/{sequence:D16}.json");
        var metadata = (await blob.GetPropertiesAsync()).Value.Metadata;
        await blob.UploadAsync(BinaryData.FromString(body), new BlobUploadOptions { Metadata = metadata });
    }
}
