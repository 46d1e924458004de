using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace Baton.Durable;

/// <summary>Makes what must happen once per instance happen once on the Durable backend: a start with a chosen id, and the
/// report that ends an attempt. The first creates a claim blob, create-only; every other is refused.</summary>
/// <remarks>The Durable Task client cannot create an instance only if it does not exist: a check-then-schedule lets
/// concurrent starts all through, and the framework keeps one input and drops the others while every caller was told
/// 202. The claim is <c>instances/{id}/start-claim</c> in the data container, so purging the instance's data removes it
/// and the id can be used again. A claim whose starter died before scheduling (no instance exists a minute after it was
/// made) is taken over, with an ETag condition so only one taker wins.</remarks>
public sealed class InstanceClaims(BlobContainerClient container, TimeProvider time)
{
    /// <summary>How old a claim without an instance must be before another start may take it over.</summary>
    public static readonly TimeSpan StaleAfter = TimeSpan.FromMinutes(1);

    /// <summary>Claims the report that ends an attempt; false when one was passed on already (a duplicate, which changes nothing).</summary>
    /// <remarks>So a service's retried <c>.finished</c> is acknowledged as ignored, as the embedded hub acknowledges it,
    /// instead of being raised again for the orchestrator to drop.</remarks>
    public async Task<bool> TryClaimReportAsync(string instanceId, string stepId, int attempt, CancellationToken cancellationToken)
    {
        try
        {
            await container.GetBlobClient(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"instances/{instanceId}/reports/{stepId}/{attempt}"))
                .UploadAsync(BinaryData.FromString(stepId), new BlobUploadOptions { Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All } }, cancellationToken)
                .ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            return false;
        }
    }

    /// <summary>Claims an instance id; false when another start holds it.</summary>
    /// <param name="instanceId">The id to claim.</param>
    /// <param name="instanceExists">Whether an instance with the id exists now (asked only of an old claim).</param>
    /// <param name="cancellationToken">Cancels the claim.</param>
    public async Task<bool> TryClaimStartAsync(string instanceId, Func<Task<bool>> instanceExists, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instanceExists);
        var blob = container.GetBlobClient($"instances/{instanceId}/start-claim");
        try
        {
            await blob.UploadAsync(BinaryData.FromString(instanceId), new BlobUploadOptions { Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All } },
                cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            // Held: by a start under way or done, or by one whose process died before it scheduled the instance.
        }
        BlobProperties claim;
        try
        {
            claim = (await blob.GetPropertiesAsync(cancellationToken: cancellationToken).ConfigureAwait(false)).Value;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return false;
        }
        if (time.GetUtcNow() - claim.LastModified < StaleAfter || await instanceExists().ConfigureAwait(false))
        {
            return false;
        }
        try
        {
            await blob.UploadAsync(BinaryData.FromString(instanceId), new BlobUploadOptions { Conditions = new BlobRequestConditions { IfMatch = claim.ETag } },
                cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            return false;
        }
    }
}
