using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Baton.Runtime.Catalog;

namespace Baton.Runtime.Runners;

/// <summary>Turns JSON values into SQL parameter values and column values back into JSON, the same way for every provider
/// but where the database has a type of its own (PostgreSQL arrays and <c>jsonb</c>).</summary>
/// <remarks>To the database: strings, booleans and null as such; whole numbers as 64-bit integers, others as decimal
/// (double when out of decimal's range); on PostgreSQL an array of only strings or only whole numbers as a
/// <c>text[]</c> / <c>bigint[]</c> (for <c>= any(@ids)</c>) and any other array or object as <c>jsonb</c>; on SQLite any
/// array or object as JSON text (for <c>json_each(@ids)</c>). From the database: numbers and booleans as such; json and
/// jsonb columns parsed; times as ISO 8601 text; uuids as text; bytes as base64; PostgreSQL arrays as JSON arrays;
/// NaN and infinities as text.</remarks>
internal static class SqlValues
{
    public static void Bind(System.Data.Common.DbParameter parameter, SqlProvider provider, JsonNode? value)
    {
        switch (value)
        {
            case null:
                parameter.Value = DBNull.Value;
                return;
            case JsonValue v when v.GetValueKind() == JsonValueKind.String:
                parameter.Value = v.GetValue<string>();
                return;
            case JsonValue v when v.GetValueKind() is JsonValueKind.True or JsonValueKind.False:
                parameter.Value = v.GetValue<bool>();
                return;
            case JsonValue v when v.GetValueKind() == JsonValueKind.Number:
                parameter.Value = Number(v.ToJsonString());
                return;
            case JsonArray a when provider == SqlProvider.Postgresql && a.Count > 0 && a.All(e => e is JsonValue s && s.GetValueKind() == JsonValueKind.String):
                parameter.Value = a.Select(e => e!.GetValue<string>()).ToArray();
                return;
            case JsonArray a when provider == SqlProvider.Postgresql && a.Count > 0 && a.All(e => e is JsonValue n && n.GetValueKind() == JsonValueKind.Number && long.TryParse(n.ToJsonString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _)):
                parameter.Value = a.Select(e => long.Parse(e!.ToJsonString(), CultureInfo.InvariantCulture)).ToArray();
                return;
            default:
                parameter.Value = value.ToJsonString();
                if (parameter is Npgsql.NpgsqlParameter npgsql)
                {
                    npgsql.NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Jsonb;
                }
                return;
        }
    }

    private static object Number(string text)
    {
        var c = CultureInfo.InvariantCulture;
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, c, out var whole))
        {
            return whole;
        }
        return decimal.TryParse(text, NumberStyles.Float, c, out var d) ? d : double.Parse(text, NumberStyles.Float, c);
    }

    public static JsonNode? Read(object? value, string dataType) => value switch
    {
        null or DBNull => null,
        string s when dataType is "json" or "jsonb" => Core.ValueLimits.Parse(s),
        string s => JsonValue.Create(s),
        bool b => JsonValue.Create(b),
        long or int or short or byte or sbyte or ushort or uint => JsonValue.Create(Convert.ToInt64(value, CultureInfo.InvariantCulture)),
        ulong u => JsonValue.Create(u),
        decimal d => JsonValue.Create(d),
        double d => Finite(d),
        float f => Finite(f),
        DateTime t => JsonValue.Create(t.ToString(t.Kind == DateTimeKind.Unspecified ? "yyyy-MM-ddTHH:mm:ss.FFFFFFF" : "O", CultureInfo.InvariantCulture)),
        DateTimeOffset t => JsonValue.Create(t.ToString("O", CultureInfo.InvariantCulture)),
        DateOnly d => JsonValue.Create(d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
        TimeOnly t => JsonValue.Create(t.ToString("HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture)),
        TimeSpan t => JsonValue.Create(t.ToString("c", CultureInfo.InvariantCulture)),
        Guid g => JsonValue.Create(g.ToString("D")),
        byte[] bytes => JsonValue.Create(Convert.ToBase64String(bytes)),
        System.Collections.IList list => new JsonArray([.. list.Cast<object?>().Select(e => Read(e, ""))]),
        IFormattable f => JsonValue.Create(f.ToString(null, CultureInfo.InvariantCulture)),
        _ => JsonValue.Create(value.ToString()),
    };

    private static JsonValue Finite(double d) =>
        double.IsFinite(d) ? JsonValue.Create(d) : JsonValue.Create(d.ToString(CultureInfo.InvariantCulture));
}
