using System.Text.Json.Nodes;
using Baton.Abstractions;
using Baton.Abstractions.Audit;
using Baton.ControlPlane.Routing;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Baton.ControlPlane.Audit;

/// <summary>Records control actions in the backend's audit log and as log records (category <c>Baton.Audit</c>, which
/// OpenTelemetry and Application Insights export), the one implementation both hosts use.</summary>
/// <remarks>Every route that changes something (any method but GET, HEAD and OPTIONS, save the task-event webhook, whose
/// reports are not control actions) is recorded with its outcome, refused ones included; a request the key check refuses
/// never reaches a route and is not. Starts made by triggers are recorded by <see cref="Triggers.TriggerStarts"/>.</remarks>
public static class AuditTrail
{
    /// <summary>Whether a route's requests are recorded.</summary>
    public static bool Audits(ApiRoute route)
    {
        ArgumentNullException.ThrowIfNull(route);
        return route.Method is not ("GET" or "HEAD" or "OPTIONS") && route.Name != "ReceiveTaskEvents";
    }

    /// <summary>Records one route's request, with the status it was answered with.</summary>
    public static async Task RecordAsync(ApiRoute route, ApiCall call, int status, IResult? result)
    {
        ArgumentNullException.ThrowIfNull(route);
        ArgumentNullException.ThrowIfNull(call);
        var http = call.Http;
        var actor = call.Host.Actor(call.Request);
        var values = http.GetRouteData().Values;
        string? Value(string key) => values.TryGetValue(key, out var v) ? v?.ToString() : null;
        var detail = new JsonObject();
        foreach (var (key, value) in call.Request.Query)
        {
            if (key is not ("code" or "systemKey"))
            {
                detail[key] = value.ToString();
            }
        }
        var isEvent = route.Template.Contains("/events/", StringComparison.Ordinal) || route.Template.Contains("raiseEvent", StringComparison.Ordinal);
        if (isEvent && (Value("name") ?? Value("eventName")) is { } eventName)
        {
            detail["event"] = eventName;
        }
        // A key route's name is the key's name (its value, in the body or the answer, is never read here).
        var isKey = route.Template.StartsWith("admin/", StringComparison.Ordinal);
        if (isKey && Value("name") is { } keyName)
        {
            detail["key"] = keyName;
        }
        var instanceId = Value("id") ?? Value("instanceId") ?? Named(result, "id") ?? Named(result, "instanceId");
        var time = http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
        await RecordAsync(call.Operations.Backend, http.RequestServices.GetService<ILoggerFactory>(),
            new AuditRecord(time, actor.Kind, actor.Name, actor.Tenant, http.Connection.RemoteIpAddress?.ToString(), route.Name, instanceId,
                isEvent || isKey ? null : Value("name") ?? Named(result, "name"), Value("version") ?? Named(result, "version"), status, detail.Count == 0 ? null : detail)).ConfigureAwait(false);
    }

    /// <summary>Appends a record to the backend's log and writes it to the log.</summary>
    /// <remarks>Never cancelled and never failing the action it records: the action may have happened whatever the caller does
    /// next, and a record the store cannot take is logged whole, as an error, instead.</remarks>
    public static async Task RecordAsync(IWorkflowBackend backend, ILoggerFactory? logging, AuditRecord record)
    {
        ArgumentNullException.ThrowIfNull(backend);
        ArgumentNullException.ThrowIfNull(record);
        var logger = logging?.CreateLogger("Baton.Audit");
        AuditEntry entry;
        try
        {
            // The record is written even when the caller went away: the action may have happened.
            entry = await backend.Audit.AppendAsync(record, CancellationToken.None).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // The action happened; a store that cannot take its record must not turn the answer into a failure. It is logged whole instead.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            logger?.LogError(ex, "Audit record could not be stored: {Record}", AuditChain.Body(0, record));
            return;
        }
        logger?.LogInformation(
            "Audit {Sequence}: {ActorKind} {Actor} did {Action} on {InstanceId}{Workflow} with outcome {Outcome} from {From} (hash {Hash})",
            entry.Sequence, record.ActorKind, record.Actor, record.Action, record.InstanceId, record.Workflow, record.Outcome, record.From, entry.Hash);
    }

    /// <summary>A text field of a JSON answer (a start's instance id, an upload's name and version), or null.</summary>
    private static string? Named(IResult? result, string field) =>
        result is IValueHttpResult { Value: JsonObject o } && o[field] is JsonValue v && v.TryGetValue<string>(out var text) ? text : null;
}
