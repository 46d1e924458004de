using System.Text.Json;
using Baton.Core.Engine;
using Baton.Core.Engine.Commands;

namespace Baton.Embedded;

/// <summary>The payload of a task work item: the dispatch command and the catalog that binds its task.</summary>
internal sealed record TaskWork(DispatchTask Command, string? CatalogHash)
{
    public string ToJson() => JsonSerializer.Serialize(this, EngineJson.Options);

    public static TaskWork FromJson(string json) =>
        JsonSerializer.Deserialize<TaskWork>(json, EngineJson.Options) ?? throw new JsonException("Empty task work item.");
}

/// <summary>The payload of a timer work item.</summary>
internal sealed record TimerWork(TimerId TimerId)
{
    public string ToJson() => JsonSerializer.Serialize(this, EngineJson.Options);

    public static TimerWork FromJson(string json) =>
        JsonSerializer.Deserialize<TimerWork>(json, EngineJson.Options) ?? throw new JsonException("Empty timer work item.");
}
