using System.Text.Json.Nodes;
using Baton.Core.Engine;
using Microsoft.AspNetCore.Http;

namespace Baton.ControlPlane.Http;

/// <summary>The JSON shapes the API returns, matching Durable Functions' where one exists.</summary>
public static class StatusPayloads
{
    /// <summary>The check-status payload: the instance id and the URIs to manage it (Durable Functions' names).</summary>
    public static JsonObject CheckStatus(HttpRequest request, string instanceId, string? key)
    {
        var b = $"{request.Scheme}://{request.Host}{request.PathBase}/runtime/webhooks/durabletask/instances/{Uri.EscapeDataString(instanceId)}";
        var code = key is null ? "" : $"code={Uri.EscapeDataString(key)}";
        string Q(string path, string? extra = null) =>
            b + path + (extra is null && code.Length == 0 ? "" : "?" + string.Join("&", new[] { extra, code }.Where(x => !string.IsNullOrEmpty(x))));
        return new JsonObject
        {
            ["id"] = instanceId,
            ["statusQueryGetUri"] = Q(""),
            ["sendEventPostUri"] = Q("/raiseEvent/{eventName}"),
            ["terminatePostUri"] = Q("/terminate", "reason={text}"),
            ["rewindPostUri"] = Q("/rewind", "reason={text}"),
            ["purgeHistoryDeleteUri"] = Q(""),
            ["suspendPostUri"] = Q("/suspend", "reason={text}"),
            ["resumePostUri"] = Q("/resume", "reason={text}"),
        };
    }

    /// <summary>The instance status: Durable Functions' fields plus Baton's per-step state and error.</summary>
    public static JsonObject Status(InstanceState s, bool showInput = true, IEnumerable<JsonNode?>? history = null)
    {
        var o = new JsonObject
        {
            ["name"] = s.WorkflowName,
            ["instanceId"] = s.InstanceId,
            ["runtimeStatus"] = s.Status.ToString(),
            ["input"] = showInput ? s.Input?.DeepClone() : null,
            ["customStatus"] = null,
            ["output"] = s.Output?.DeepClone() ?? (s.Error is { } e ? JsonValue.Create(e.Message) : null),
            ["createdTime"] = s.CreatedAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture),
            ["lastUpdatedTime"] = s.UpdatedAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture),
            ["version"] = s.WorkflowVersion,
            ["error"] = s.Error is { } err ? new JsonObject { ["code"] = err.Code, ["message"] = err.Message, ["stepId"] = err.StepId } : null,
            ["steps"] = new JsonArray([.. s.Steps.Values.OrderBy(x => x.StartedAt ?? DateTimeOffset.MaxValue).ThenBy(x => x.Id, StringComparer.Ordinal).Select(x => Step(x, s))]),
        };
        if (s.Generation > 0)
        {
            o["generation"] = s.Generation;
        }
        if (history is not null)
        {
            o["historyEvents"] = new JsonArray([.. history]);
        }
        return o;
    }

    /// <summary>One step's state; <c>attempts</c> counts within the instance's current run, as retry limits do.</summary>
    public static JsonNode Step(StepState x, InstanceState instance) => new JsonObject
    {
        ["id"] = x.Id,
        ["status"] = x.Status.ToWireName(),
        ["attempts"] = instance.AttemptsInRun(x),
        ["startedTime"] = x.StartedAt?.ToString("O"),
        ["completedTime"] = x.CompletedAt?.ToString("O"),
        ["dueTime"] = x.DueAt?.ToString("O"),
        ["output"] = x.Output?.DeepClone(),
        ["error"] = x.Error is { } e ? new JsonObject { ["code"] = e.Code, ["message"] = e.Message } : null,
        ["progress"] = x.Progress is { } p ? new JsonObject { ["phase"] = p.Phase, ["data"] = p.Data?.DeepClone(), ["time"] = p.At.ToString("O") } : null,
    };
}
