using System.Text.Json.Nodes;
using Baton.Runtime.Slo;

namespace Baton.Storage.Sqlite;

public sealed partial class SqliteTaskHubStore : IEvaluationHistory
{
    /// <inheritdoc />
    public async Task<IReadOnlyList<JsonObject>> RecentAsync(string subject, IReadOnlyCollection<string>? results, int max, string exceptKey, CancellationToken cancellationToken)
    {
        await using var c = await OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        await using var cmd = Command(c, "SELECT key, data FROM evaluations WHERE subject = $s AND key <> $k"
            + (results is null ? "" : " AND result IN (SELECT value FROM json_each($r))")
            + " ORDER BY seq DESC LIMIT $max",
            ("$s", subject), ("$k", exceptKey), ("$r", results is null ? null : new JsonArray(results.Select(r => (JsonNode?)r).ToArray()).ToJsonString()), ("$max", max));
        var list = new List<JsonObject>();
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var data = (JsonObject)JsonNode.Parse(r.GetString(1))!;
            data["id"] = r.GetString(0);
            list.Add(data);
        }
        return list;
    }

    /// <inheritdoc />
    public Task RecordAsync(string subject, string key, string result, JsonObject evaluation, CancellationToken cancellationToken) =>
        WriteAsync(async c =>
        {
            await using var insert = Command(c, "INSERT OR IGNORE INTO evaluations(subject, key, result, data) VALUES($s, $k, $r, $d)",
                ("$s", subject), ("$k", key), ("$r", result), ("$d", evaluation.ToJsonString()));
            return await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }, cancellationToken);
}
