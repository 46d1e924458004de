using System.Text.Json.Nodes;

namespace Baton.Core.Engine;

/// <summary>The recorded state of one step of an instance.</summary>
/// <remarks><see cref="Input"/> is the input as resolved when the step first started; retries and recovery reuse
/// it, so values of uuid() and now() in it never change. Treat the JSON nodes as read-only.</remarks>
public sealed record StepState(
    string Id,
    StepStatus Status,
    int Attempt = 0,
    JsonNode? Input = null,
    JsonNode? Output = null,
    ErrorInfo? Error = null,
    DateTimeOffset? StartedAt = null,
    DateTimeOffset? CompletedAt = null,
    DateTimeOffset? DueAt = null,
    TaskProgress? Progress = null)
{
    /// <summary>Milliseconds from the first start to completion, or null before both are known.</summary>
    public double? DurationMs => StartedAt is { } s && CompletedAt is { } c ? (c - s).TotalMilliseconds : null;
}
