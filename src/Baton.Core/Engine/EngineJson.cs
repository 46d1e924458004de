using System.Text.Json;
using System.Text.Json.Serialization;

namespace Baton.Core.Engine;

/// <summary>The JSON settings used to record events, commands and state, so every store writes the same shapes.</summary>
public static class EngineJson
{
    /// <summary>camelCase names, enums as strings, nulls left out.</summary>
    public static JsonSerializerOptions Options { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        var o = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        };
        o.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        o.MakeReadOnly(populateMissingResolver: true);
        return o;
    }
}
