using System.Text.Json.Nodes;
using Baton.Runtime.Data;

namespace Baton.Runtime.Hub;

/// <summary>Step data and the hub's optional Blob store (<see cref="TaskHubOptions.Data"/>): what goes there, and reading it back.</summary>
internal static class StepData
{
    /// <summary>A value with the parts kept in Blob storage read back; the value itself without a Blob store or references.</summary>
    /// <exception cref="ClaimCheckException">A reference cannot be read back.</exception>
    public static async Task<JsonNode?> ReadAsync(BlobClaimCheck? data, string instanceId, JsonNode? value, CancellationToken ct) =>
        data is not null && BlobClaimCheck.HoldsReferences(value) ? await data.ResolveAsync(instanceId, value, ct).ConfigureAwait(false) : value;

    /// <summary>A value with the parts over the threshold written to Blob storage and replaced by references; the value itself without a Blob store.</summary>
    public static async Task<JsonNode?> KeepAsync(BlobClaimCheck? data, string instanceId, JsonNode? value, CancellationToken ct) =>
        data is not null && value is not null ? await data.OffloadAsync(instanceId, value, ct).ConfigureAwait(false) : value;
}
