using System.Runtime.CompilerServices;
using DurableTask.Core.History;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Baton.Durable.Local;

/// <summary>Reads the history the Azure Storage provider gives clients as JSON back into the framework's events.</summary>
/// <remarks><c>AzureStorageOrchestrationService.GetOrchestrationHistoryAsync</c> writes each event's data members with
/// Json.NET's defaults: no type names, and the event type as its number. The type is found from that number among
/// <see cref="HistoryEvent.KnownTypes"/>; an event whose type is not known is an error, never skipped, so a replay never
/// runs over a history with a hole in it.</remarks>
internal static class HistoryJson
{
    private static readonly Dictionary<EventType, Type> Types = HistoryEvent.KnownTypes()
        .Where(t => !t.IsAbstract && typeof(HistoryEvent).IsAssignableFrom(t))
        .Select(t => (Type: t, Event: (HistoryEvent)RuntimeHelpers.GetUninitializedObject(t)))
        .GroupBy(x => x.Event.EventType)
        // Subclasses (e.g. the sidecar's) share their base's event type; the framework's own class is the one to build.
        .ToDictionary(g => g.Key, g => g.OrderBy(x => Depth(x.Type)).First().Type);

    private static readonly JsonSerializer Serializer = JsonSerializer.Create(new JsonSerializerSettings
    {
        ConstructorHandling = ConstructorHandling.AllowNonPublicDefaultConstructor,
        DateParseHandling = DateParseHandling.DateTime,
    });

    /// <summary>The events of a history as the provider's client returns it.</summary>
    /// <exception cref="FormatException">The text is not such a history.</exception>
    public static IList<HistoryEvent> Read(string json)
    {
        var events = new List<HistoryEvent>();
        foreach (var item in JArray.Parse(json))
        {
            if (item is not JObject o || o["EventType"] is not { Type: JTokenType.Integer } kind)
            {
                throw new FormatException($"History event {events.Count} has no event type.");
            }
            var type = (EventType)kind.Value<int>();
            if (!Types.TryGetValue(type, out var clr))
            {
                throw new FormatException($"History event {events.Count} has the event type {type}, which this reader does not know.");
            }
            events.Add((HistoryEvent)(o.ToObject(clr, Serializer) ?? throw new FormatException($"History event {events.Count} is empty.")));
        }
        return events;
    }

    private static int Depth(Type type)
    {
        var depth = 0;
        for (var t = type; t is not null; t = t.BaseType)
        {
            depth++;
        }
        return depth;
    }
}
