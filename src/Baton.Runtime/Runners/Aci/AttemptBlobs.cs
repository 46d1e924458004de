using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Azure.Storage.Sas;

namespace Baton.Runtime.Runners.Aci;

/// <summary>An attempt's input and output blobs in the data container, and the short-lived URLs the container gets for them.</summary>
/// <remarks>Named by the hash of the idempotency key (<c>aci/&lt;hash&gt;/input.json</c>, <c>output.json</c>), so a
/// redelivery reads what the first delivery's container wrote. URLs are SAS: a service SAS when the client holds the
/// account key (Azurite), else a user delegation SAS signed with the app's identity (no keys in Azure). They are
/// passed as secure environment values and never written to history or logs.</remarks>
internal sealed class AttemptBlobs(BlobContainerClient container, string idempotencyKey, TimeProvider time)
{
    private readonly BlobClient _input = container.GetBlobClient($"aci/{Abstractions.ContentHash.Of(idempotencyKey)}/input.json");
    private readonly BlobClient _output = container.GetBlobClient($"aci/{Abstractions.ContentHash.Of(idempotencyKey)}/output.json");

    /// <summary>True once <see cref="ReadOutputAsync"/> found an output blob.</summary>
    public bool WroteOutput { get; private set; }

    /// <summary>Uploads the input and returns the variables that give the container its URLs.</summary>
    public async Task<IEnumerable<KeyValuePair<string, string>>> PrepareAsync(byte[] input, TimeSpan? timeout, CancellationToken ct)
    {
        await container.CreateIfNotExistsAsync(cancellationToken: ct).ConfigureAwait(false);
        await _input.UploadAsync(new BinaryData(input), overwrite: true, ct).ConfigureAwait(false);
        var expiry = time.GetUtcNow() + (timeout ?? TimeSpan.FromHours(24)) + TimeSpan.FromHours(1);
        var read = await SasAsync(_input, BlobSasPermissions.Read, expiry, ct).ConfigureAwait(false);
        var write = await SasAsync(_output, BlobSasPermissions.Create | BlobSasPermissions.Write, expiry, ct).ConfigureAwait(false);
        return [new("BATON_INPUT_URL", read.ToString()), new("BATON_OUTPUT_URL", write.ToString())];
    }

    /// <summary>The output the container wrote, or null when it wrote none.</summary>
    public async Task<string?> ReadOutputAsync(CancellationToken ct)
    {
        try
        {
            var content = await _output.DownloadContentAsync(ct).ConfigureAwait(false);
            WroteOutput = true;
            return content.Value.Content.ToString();
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    /// <summary>Deletes both blobs.</summary>
    public async Task DeleteAsync(CancellationToken ct)
    {
        await _input.DeleteIfExistsAsync(DeleteSnapshotsOption.IncludeSnapshots, cancellationToken: ct).ConfigureAwait(false);
        await _output.DeleteIfExistsAsync(DeleteSnapshotsOption.IncludeSnapshots, cancellationToken: ct).ConfigureAwait(false);
    }

    private async Task<Uri> SasAsync(BlobClient blob, BlobSasPermissions permissions, DateTimeOffset expiry, CancellationToken ct)
    {
        if (blob.CanGenerateSasUri)
        {
            return blob.GenerateSasUri(permissions, expiry);
        }
        var service = blob.GetParentBlobContainerClient().GetParentBlobServiceClient();
        var key = await service.GetUserDelegationKeyAsync(time.GetUtcNow().AddMinutes(-5), expiry, ct).ConfigureAwait(false);
        var sas = new BlobSasBuilder(permissions, expiry) { BlobContainerName = blob.BlobContainerName, BlobName = blob.Name, Resource = "b" };
        return new BlobUriBuilder(blob.Uri) { Sas = sas.ToSasQueryParameters(key.Value, service.AccountName) }.ToUri();
    }
}
