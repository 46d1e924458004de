using Baton.Core.Engine;

namespace Baton.Abstractions;

/// <summary>Filters for listing instances; null fields do not filter.</summary>
/// <remarks>Results come newest first. <see cref="ContinuationToken"/> is the token of the last page's last row
/// (<see cref="InstanceSummary.ContinuationToken"/>), so pages stay stable while instances are added.</remarks>
public sealed record InstanceQuery(
    string? WorkflowName = null,
    IReadOnlyCollection<InstanceStatus>? Statuses = null,
    int MaxCount = 100,
    DateTimeOffset? CreatedFrom = null,
    DateTimeOffset? CreatedTo = null,
    string? ContinuationToken = null,
    string? InstanceId = null,
    string? InstanceIdPrefix = null);
