using System.Text.Json.Nodes;
using Baton.Abstractions;
using Baton.Core.Expressions;

namespace Baton.ControlPlane.Triggers;

/// <summary>Starts the instance a trigger fired: the version that declares the trigger, the default catalog, and the
/// trigger's input made from what fired it.</summary>
public static class TriggerStarts
{
    /// <summary>Starts the instance under its fixed id; false when an instance of that id exists already (started before).</summary>
    /// <exception cref="ExpressionException">The trigger's input cannot be made from what fired it.</exception>
    /// <exception cref="ProblemException">The version or the default catalog is gone, or the input does not fit the workflow.</exception>
    public static async Task<bool> StartAsync(Operations operations, LiveTrigger live, string key, JsonObject fired, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(operations);
        ArgumentNullException.ThrowIfNull(live);
        ArgumentNullException.ThrowIfNull(fired);
        var instanceId = TriggerIds.For(live.Workflow, live.Trigger.Id, key);
        fired["id"] = live.Trigger.Id;
        fired["kind"] = live.Trigger.Kind;
        var input = live.Trigger.Input is { } template
            ? TemplateTree.Parse(template).Evaluate(new EvaluationContext(new Dictionary<string, JsonNode?>(StringComparer.Ordinal) { ["trigger"] = fired }, now, instanceId))
            : Natural(fired);
        var (definition, catalog) = await operations.ResolveAsync(live.Workflow, live.Version, null, ct).ConfigureAwait(false);
        try
        {
            await operations.Backend.StartInstanceAsync(new StartRequest(definition, catalog, input, instanceId), ct).ConfigureAwait(false);
            await Audit.AuditTrail.RecordAsync(operations.Backend, null, new Abstractions.Audit.AuditRecord(now, "trigger", $"{live.Workflow}:{live.Trigger.Id}", null, null,
                "TriggerStart", instanceId, live.Workflow, live.Version, 202, new JsonObject { ["kind"] = live.Trigger.Kind })).ConfigureAwait(false);
            return true;
        }
        catch (InstanceExistsException)
        {
            return false;
        }
    }

    /// <summary>The input of a trigger that names none: a message's content, an event's data, or what fired a schedule.</summary>
    private static JsonNode? Natural(JsonObject fired) => (string?)fired["kind"] switch
    {
        "queue" => fired["message"]?.DeepClone(),
        "event" => fired["event"]?["data"]?.DeepClone(),
        _ => fired.DeepClone(),
    };
}
