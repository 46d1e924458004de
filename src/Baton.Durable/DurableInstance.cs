using System.Text.Json.Nodes;
using Baton.Core.Engine;
using Microsoft.DurableTask.Client;

namespace Baton.Durable;

/// <summary>A Baton instance as read back from the Durable Task Framework.</summary>
/// <remarks><see cref="Progress"/> is the orchestrator's custom status (see <see cref="OrchestrationStatus"/>);
/// <see cref="Error"/> is parsed from the failure the orchestrator threw (<c>code: message</c>), or for a terminated one
/// is <c>Terminated</c> with the reason given, as on the embedded hub.</remarks>
public sealed record DurableInstance(string InstanceId, InstanceStatus Status, JsonNode? Output, ErrorInfo? Error, JsonObject? Progress,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    /// <summary>Each step's status and attempt number, from the custom status; for workflows too large to list every step,
    /// the running and waiting ones it names (with attempt 0: not known there).</summary>
    public IReadOnlyDictionary<string, (string Status, int Attempt)> Steps => Progress switch
    {
        { } p when p["steps"] is JsonObject steps =>
            steps.ToDictionary(s => s.Key, s => (s.Value!["status"]!.GetValue<string>(), s.Value["attempt"]!.GetValue<int>()), StringComparer.Ordinal),
        { } p when p["active"] is JsonArray active =>
            active.Select(a => a!.GetValue<string>()).Distinct(StringComparer.Ordinal).ToDictionary(id => id, _ => ("running", 0), StringComparer.Ordinal),
        _ => new Dictionary<string, (string, int)>(),
    };

    /// <summary>Maps Durable metadata (read with inputs and outputs) to Baton's view.</summary>
    public static DurableInstance From(OrchestrationMetadata metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        var status = metadata.RuntimeStatus switch
        {
            OrchestrationRuntimeStatus.Completed => InstanceStatus.Completed,
            OrchestrationRuntimeStatus.Failed => InstanceStatus.Failed,
            OrchestrationRuntimeStatus.Terminated => InstanceStatus.Terminated,
            OrchestrationRuntimeStatus.Suspended => InstanceStatus.Suspended,
            OrchestrationRuntimeStatus.Pending => InstanceStatus.Pending,
            _ => InstanceStatus.Running,
        };
        JsonNode? output = null;
        ErrorInfo? error = null;
        if (status == InstanceStatus.Failed)
        {
            // Some backends drop FailureDetails; the message is then the serialized output.
            error = ParseError(metadata.FailureDetails?.ErrorMessage ?? metadata.SerializedOutput ?? "The orchestration failed.");
        }
        else if (status == InstanceStatus.Terminated)
        {
            // A terminated orchestration's output is the reason it was given, serialized as a JSON string.
            error = new ErrorInfo("Terminated", ReadReason(metadata.SerializedOutput));
        }
        else if (status == InstanceStatus.Completed && metadata.SerializedOutput is { Length: > 0 } text)
        {
            // Only a completed orchestration's output is the workflow's output; a suspended or terminated one may hold a reason as plain text.
            output = JsonNode.Parse(text);
        }
        var progress = metadata.SerializedCustomStatus is { Length: > 0 } custom && custom != "null" ? JsonNode.Parse(custom) as JsonObject : null;
        return new DurableInstance(metadata.InstanceId, status, output, error, progress, metadata.CreatedAt, metadata.LastUpdatedAt);
    }

    private static string ReadReason(string? serialized)
    {
        if (serialized is not { Length: > 0 })
        {
            return "";
        }
        try
        {
            return JsonNode.Parse(serialized) is JsonValue v && v.TryGetValue<string>(out var reason) ? reason : serialized;
        }
        catch (System.Text.Json.JsonException)
        {
            return serialized;
        }
    }

    private static ErrorInfo ParseError(string message)
    {
        var colon = message.IndexOf(": ", StringComparison.Ordinal);
        return colon > 0 && !message[..colon].Contains(' ', StringComparison.Ordinal)
            ? new ErrorInfo(message[..colon], message[(colon + 2)..])
            : new ErrorInfo("OrchestrationFailed", message);
    }
}
