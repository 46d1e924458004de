using Baton.Core.Engine;

namespace Baton.Abstractions;

/// <summary>One row of an instance listing.</summary>
public sealed record InstanceSummary(string InstanceId, string WorkflowName, InstanceStatus Status, DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt, DateTimeOffset? CompletedAt)
{
    private readonly string? _token;

    /// <summary>The token that continues a listing after this row.</summary>
    /// <remarks>The embedded store's token is made from the row; a backend with tokens of its own (Durable) sets it.</remarks>
    public string ContinuationToken
    {
        get => _token ?? Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{CreatedAt.UtcTicks}|{InstanceId}"));
        init => _token = value;
    }
}
