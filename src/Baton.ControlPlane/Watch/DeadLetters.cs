using System.Text.Json.Nodes;
using Baton.Abstractions;
using Baton.Core.Engine;

namespace Baton.ControlPlane.Watch;

/// <summary>The dead letters: instances that failed (a step's retries ran out, or a failure no retry could mend), with why,
/// where and since when, for one look and for bulk rewind or purge.</summary>
public static class DeadLetters
{
    /// <summary>The most instances one call reads, rewinds or purges; <c>more</c> says when the query matches others.</summary>
    public const int MaxPerCall = 1000;

    /// <summary>The failed instances a query matches (its status filter is replaced by Failed), newest first.</summary>
    public static async Task<(IReadOnlyList<InstanceState> Found, bool More)> FindAsync(Operations operations, InstanceQuery query, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(operations);
        ArgumentNullException.ThrowIfNull(query);
        var wanted = Math.Min(query.MaxCount, MaxPerCall);
        var page = await operations.Backend.ListInstancesAsync(query with { Statuses = [InstanceStatus.Failed], MaxCount = wanted + 1 }, ct).ConfigureAwait(false);
        var found = new List<InstanceState>();
        foreach (var summary in page.Take(wanted))
        {
            if (await operations.Backend.GetStateAsync(summary.InstanceId, ct).ConfigureAwait(false) is { Status: InstanceStatus.Failed } state)
            {
                found.Add(state);
            }
        }
        return (found, page.Count > wanted);
    }

    /// <summary>One dead letter as the API shows it: <c>{ instanceId, name, version, failedAt, step, attempts, error }</c>.</summary>
    /// <remarks><c>step</c> is the step whose failure failed the instance (the latest to fail), null when the workflow failed
    /// on its own (its timeout, an output that breaks its schema).</remarks>
    public static JsonObject Describe(InstanceState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var failed = state.Steps.Values.Where(s => s.Status == StepStatus.Failed).OrderByDescending(s => s.CompletedAt).FirstOrDefault();
        return new JsonObject
        {
            ["instanceId"] = state.InstanceId,
            ["name"] = state.WorkflowName,
            ["version"] = state.WorkflowVersion,
            ["createdTime"] = state.CreatedAt.ToString("O"),
            ["failedAt"] = (state.CompletedAt ?? state.UpdatedAt).ToString("O"),
            ["step"] = failed?.Id,
            ["attempts"] = failed?.Attempt,
            ["error"] = state.Error is { } e ? new JsonObject { ["code"] = e.Code, ["message"] = e.Message } : null,
        };
    }
}
