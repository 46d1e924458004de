using System.Collections.Immutable;
using System.Text.Json.Nodes;

namespace Baton.Core.Definitions.Triggers;

/// <summary>Reads <c>spec.triggers</c>: a list of schedules, queues and events that start the workflow, each problem
/// reported at its key with a fix.</summary>
public static class TriggerReader
{
    /// <summary>The most triggers one workflow version may declare.</summary>
    public const int MaxTriggers = 20;

    private static readonly string[] Kinds = ["schedule", "queue", "event"];

    /// <summary>Reads the list, or an empty one when the key is absent.</summary>
    public static ImmutableArray<TriggerDefinition> Read(ObjectReader spec, DiagnosticSink sink)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.Node["triggers"] is not { } node)
        {
            return [];
        }
        if (node is not JsonArray list)
        {
            spec.WrongType("triggers", "a list of triggers", node);
            return [];
        }
        if (list.Count > MaxTriggers)
        {
            sink.Add("BTN097", spec.At("triggers"), $"The workflow declares {list.Count} triggers; at most {MaxTriggers} are allowed.",
                "Split the workflow, or start it from one trigger with a broader filter.");
            return [];
        }
        var triggers = ImmutableArray.CreateBuilder<TriggerDefinition>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < list.Count; i++)
        {
            var path = PathText.Index(spec.At("triggers"), i);
            if (list[i] is not JsonObject obj)
            {
                sink.Add("BTN012", path, "A trigger must be a mapping.", "Write '- id: nightly' with one of: schedule, queue, event.");
                continue;
            }
            var r = new ObjectReader(sink, obj, path, ["id", "input", .. Kinds]);
            var id = r.String("id", required: true, example: "id: nightly");
            if (id is not null && !Names.IsValidName(id))
            {
                sink.Add("BTN017", r.At("id"), $"'{Names.Printable(id)}' is not a valid trigger id.", Names.NameRule);
                id = null;
            }
            else if (id is not null && !ids.Add(id))
            {
                sink.Add("BTN097", r.At("id"), $"Two triggers have the id '{id}'.", "Give each trigger its own id.");
                id = null;
            }
            var kinds = Kinds.Where(r.Has).ToArray();
            if (kinds.Length != 1)
            {
                sink.Add("BTN097", path, kinds.Length == 0 ? "The trigger says neither schedule, queue nor event." : $"The trigger has both {string.Join(" and ", kinds)}.",
                    "Give each trigger exactly one of: schedule: { cron: \"0 */5 * * * *\" }, queue: { name: orders }, event: { type: my.event }.");
                continue;
            }
            var input = obj["input"]?.DeepClone();
            TriggerDefinition? trigger = kinds[0] switch
            {
                "schedule" => ReadSchedule(r, sink, id, input, path),
                "queue" => ReadQueue(r, sink, id, input, path),
                _ => ReadEvent(r, sink, id, input, path),
            };
            if (trigger is not null)
            {
                triggers.Add(trigger);
            }
        }
        return triggers.ToImmutable();
    }

    private static ScheduleTrigger? ReadSchedule(ObjectReader outer, DiagnosticSink sink, string? id, JsonNode? input, string path)
    {
        var r = outer.Object("schedule", required: true, "cron", "time_zone", "overlap", "catch_up", "max_catch_up");
        if (r is null)
        {
            return null;
        }
        var before = sink.Items.Count;
        var cron = r.String("cron", required: true, example: "cron: \"0 30 2 * * *\"");
        if (cron is not null && CronSchedule.Problem(cron) is { } cronProblem)
        {
            sink.Add("BTN098", r.At("cron"), $"'{Names.Printable(cron)}' is not a cron expression: {cronProblem}",
                "Write five fields (minute hour day month weekday) or six with seconds first, e.g. \"0 30 2 * * *\" for 02:30:00 every day.");
        }
        var zone = r.String("time_zone") ?? "UTC";
        if (CronSchedule.Zone(zone) is null)
        {
            sink.Add("BTN098", r.At("time_zone"), $"'{Names.Printable(zone)}' is not a time zone this host knows.", "Use an IANA name such as Europe/Berlin or America/New_York, or UTC.");
        }
        var overlap = r.Enum("overlap", OverlapPolicy.Skip);
        var catchUp = r.Enum("catch_up", CatchUpPolicy.Last);
        var max = r.Int("max_catch_up", 1, ScheduleTrigger.CatchUpLimit);
        return sink.Items.Count > before || id is null || cron is null || overlap is null || catchUp is null ? null
            : new ScheduleTrigger(id, input, path, cron, zone, overlap.Value, catchUp.Value, max ?? 10);
    }

    private static QueueTrigger? ReadQueue(ObjectReader outer, DiagnosticSink sink, string? id, JsonNode? input, string path)
    {
        var r = outer.Object("queue", required: true, "name", "connection_setting", "max_dequeue", "encoding");
        if (r is null)
        {
            return null;
        }
        var before = sink.Items.Count;
        var name = r.String("name", required: true, example: "name: orders");
        if (name is not null && !Names.IsQueueName(name))
        {
            sink.Add("BTN017", r.At("name"), $"'{Names.Printable(name)}' is not an Azure Storage queue name.",
                "Use 3 to 63 lowercase letters, digits and single hyphens, starting and ending with a letter or digit.");
        }
        var setting = r.String("connection_setting");
        if (setting is not null && SettingNames.IsProtected(setting))
        {
            sink.Add("BTN092", r.At("connection_setting"), $"'{Names.Printable(setting)}' is one of the host's own settings, which no definition may name.",
                "Leave connection_setting out to use the host's own storage account, or name a setting of your own that holds the queue's connection string.");
        }
        var encoding = r.String("encoding") ?? "text";
        if (encoding is not ("text" or "base64"))
        {
            sink.Add("BTN015", r.At("encoding"), $"'{Names.Printable(encoding)}' is not a message encoding.", "Use 'text' (the default) or 'base64' (what the Functions queue output binding writes).");
        }
        var maxDequeue = r.Int("max_dequeue", 1, 100);
        return sink.Items.Count > before || id is null || name is null ? null
            : new QueueTrigger(id, input, path, name, setting, maxDequeue ?? 5, encoding == "base64");
    }

    private static EventTrigger? ReadEvent(ObjectReader outer, DiagnosticSink sink, string? id, JsonNode? input, string path)
    {
        var r = outer.Object("event", required: true, "type", "source", "subject", "data");
        if (r is null)
        {
            return null;
        }
        var before = sink.Items.Count;
        var type = r.String("type", required: true, example: "type: Microsoft.Storage.BlobCreated");
        if (type is not null && Names.IsReservedEventName(type))
        {
            sink.Add("BTN090", r.At("type"), $"'{Names.Printable(type)}' is one of Baton's own event types.", "Use the type your producer sends.");
        }
        var data = ImmutableArray.CreateBuilder<(string, JsonNode?)>();
        foreach (var (key, value) in r.Map("data") ?? [])
        {
            if (value is JsonObject or JsonArray)
            {
                sink.Add("BTN012", $"{r.At("data")}.{key}", "A data filter compares one value.", $"Write the path with dots and one value, e.g. '{key}.field: value'.");
                continue;
            }
            data.Add((key, value?.DeepClone()));
        }
        return sink.Items.Count > before || id is null || type is null ? null
            : new EventTrigger(id, input, path, type, r.String("source"), r.String("subject"), data.ToImmutable());
    }
}
