using System.Text.Json;
using System.Text.Json.Serialization;

namespace Baton.Core.Engine;

/// <summary>Writes a <see cref="TimerId"/> as its text and reads it back.</summary>
public sealed class TimerIdJsonConverter : JsonConverter<TimerId>
{
    /// <inheritdoc/>
    public override TimerId Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        TimerId.TryParse(reader.GetString(), out var id) ? id : throw new JsonException($"'{reader.GetString()}' is not a timer id.");

    /// <inheritdoc/>
    public override void Write(Utf8JsonWriter writer, TimerId value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value.ToString());
    }

    /// <inheritdoc/>
    public override TimerId ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        Read(ref reader, typeToConvert, options);

    /// <inheritdoc/>
    public override void WriteAsPropertyName(Utf8JsonWriter writer, TimerId value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WritePropertyName(value.ToString());
    }
}
