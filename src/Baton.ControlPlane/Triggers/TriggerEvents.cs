using System.Text.Json.Nodes;
using Baton.Abstractions;
using Baton.Core.Definitions.Triggers;
using Baton.Core.Expressions;
using Baton.Runtime.Events;

namespace Baton.ControlPlane.Triggers;

/// <summary>Starts workflows on events that arrive on the event webhook: one instance per matching event trigger and event.</summary>
/// <remarks>An event's instance id is made from its source and id, so a duplicate delivery (Event Grid delivers at least
/// once) starts nothing new and is acknowledged. An event that cannot start its workflow for a reason a retry will not
/// change (its input does not fit, the version is gone) is acknowledged with that reason; any other failure is thrown, so
/// the delivery is answered with an error and the sender delivers it again.</remarks>
public static class TriggerEvents
{
    /// <summary>The event types the live event triggers start workflows on.</summary>
    public static IReadOnlySet<string> Types(IEnumerable<LiveTrigger> live) =>
        live.Select(l => l.Trigger).OfType<EventTrigger>().Select(t => t.Type).ToHashSet(StringComparer.Ordinal);

    /// <summary>Whether an event fits a trigger: its type, its source and subject (exact, or a prefix ending in <c>*</c>), and each data filter.</summary>
    public static bool Matches(EventTrigger trigger, TaskEvent e)
    {
        ArgumentNullException.ThrowIfNull(trigger);
        ArgumentNullException.ThrowIfNull(e);
        return trigger.Type == e.Type && Fits(trigger.Source, e.Source) && Fits(trigger.Subject, e.Subject)
            && trigger.Data.All(f => JsonNode.DeepEquals(At(e.Data, f.Path), f.Value));
    }

    /// <summary>Starts what each event triggers; returns one line per event and trigger saying what happened.</summary>
    public static async Task<JsonArray> StartAsync(Operations operations, IReadOnlyList<LiveTrigger> live, IReadOnlyList<TaskEvent> events, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(operations);
        ArgumentNullException.ThrowIfNull(live);
        ArgumentNullException.ThrowIfNull(events);
        var results = new JsonArray();
        foreach (var e in events)
        {
            var matching = live.Where(l => l.Trigger is EventTrigger t && Matches(t, e)).ToList();
            if (matching.Count == 0)
            {
                results.Add(new JsonObject { ["id"] = e.Id, ["started"] = false, ["reason"] = "No live event trigger's filters match it." });
                continue;
            }
            foreach (var l in matching)
            {
                var line = new JsonObject { ["id"] = e.Id, ["workflow"] = l.Workflow, ["trigger"] = l.Trigger.Id };
                var key = TriggerIds.EventKey(e.Source, e.Id);
                line["instanceId"] = TriggerIds.For(l.Workflow, l.Trigger.Id, key);
                try
                {
                    if (Runtime.Data.BlobClaimCheck.ForeignReferenceProblem(e.Data) is { } reference)
                    {
                        throw new InvalidInputException([reference]);
                    }
                    var started = await TriggerStarts.StartAsync(operations, l, key, Fired(e), now, ct).ConfigureAwait(false);
                    line["started"] = started;
                    if (!started)
                    {
                        line["reason"] = "A duplicate: this event started its instance before.";
                    }
                }
                catch (Exception ex) when (ex is ExpressionException or InvalidInputException or ProblemException { Status: < 500 } or Core.Definitions.DefinitionException)
                {
                    line["started"] = false;
                    line["reason"] = ex.Message;
                }
                results.Add(line);
            }
        }
        return results;
    }

    private static JsonObject Fired(TaskEvent e) => new()
    {
        ["event"] = new JsonObject
        {
            ["id"] = e.Id,
            ["source"] = e.Source,
            ["type"] = e.Type,
            ["subject"] = e.Subject,
            ["time"] = e.Time,
            ["data"] = e.Data?.DeepClone(),
        },
    };

    private static bool Fits(string? pattern, string? value) => pattern switch
    {
        null => true,
        _ when value is null => false,
        [.. var prefix, '*'] => value.StartsWith(prefix, StringComparison.Ordinal),
        _ => value == pattern,
    };

    private static JsonNode? At(JsonNode? data, string path)
    {
        foreach (var part in path.Split('.'))
        {
            data = data is JsonObject o ? o[part] : null;
        }
        return data;
    }
}
