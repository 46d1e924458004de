using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using Baton.Core.Engine;
using Baton.Embedded.Store;
using Baton.Abstractions;

namespace Baton.Storage.Sqlite;

public sealed partial class SqliteTaskHubStore
{
    /// <inheritdoc />
    public Task SaveDefinitionAsync(StoredDefinition definition, CancellationToken cancellationToken) =>
        WriteAsync(async c =>
        {
            await using var cmd = Command(c, "INSERT INTO definitions(hash, kind, name, version, file_name, content) VALUES($h, $k, $n, $v, $f, $c) ON CONFLICT(hash) DO NOTHING",
                ("$h", definition.Hash), ("$k", definition.Kind), ("$n", definition.Name), ("$v", definition.Version), ("$f", definition.FileName), ("$c", definition.Content));
            return await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }, cancellationToken);

    /// <inheritdoc />
    public async Task<StoredDefinition?> GetDefinitionAsync(string hash, CancellationToken cancellationToken)
    {
        await using var c = await OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        await using var cmd = Command(c, "SELECT hash, kind, name, version, file_name, content FROM definitions WHERE hash=$h", ("$h", hash));
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await r.ReadAsync(cancellationToken).ConfigureAwait(false)
            ? new StoredDefinition(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetString(5))
            : null;
    }

    /// <inheritdoc />
    public async Task<InstanceRecord?> LoadInstanceAsync(string instanceId, CancellationToken cancellationToken)
    {
        await using var c = await OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        await using var tx = c.BeginTransaction(deferred: true);
        InstanceState header;
        InstanceBinding binding;
        await using (var cmd = Command(c, "SELECT state, definition_hash, catalog_hash FROM instances WHERE id=$id", ("$id", instanceId)))
        {
            cmd.Transaction = tx;
            await using var r = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            if (!await r.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                return null;
            }
            header = await ReadHeaderAsync(c, r.GetString(0), cancellationToken).ConfigureAwait(false);
            binding = new InstanceBinding(r.GetString(1), r.IsDBNull(2) ? null : r.GetString(2));
        }
        var steps = ImmutableDictionary.CreateBuilder<string, StepState>(StringComparer.Ordinal);
        await using (var cmd = Command(c, "SELECT state FROM steps WHERE instance_id=$id", ("$id", instanceId)))
        {
            cmd.Transaction = tx;
            await using var r = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var step = Deserialize<StepState>(await ResolveAsync(c, r.GetString(0), cancellationToken).ConfigureAwait(false));
                steps[step.Id] = step;
            }
        }
        return new InstanceRecord(header with { Steps = steps.ToImmutable() }, binding);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<InstanceSummary>> ListInstancesAsync(InstanceQuery query, CancellationToken cancellationToken)
    {
        await using var c = await OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        await using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT id, name, status, created_at, updated_at, completed_at FROM instances" + Where(cmd, query) +
            " ORDER BY created_at DESC, id LIMIT $max";
        cmd.Parameters.AddWithValue("$max", query.MaxCount);
        var list = new List<InstanceSummary>();
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            list.Add(new InstanceSummary(r.GetString(0), r.GetString(1), Enum.Parse<InstanceStatus>(r.GetString(2)), ParseTime(r.GetString(3)),
                ParseTime(r.GetString(4)), r.IsDBNull(5) ? null : ParseTime(r.GetString(5))));
        }
        return list;
    }

    /// <summary>Builds the WHERE clause of an instance query, adding its parameters to the command.</summary>
    private static string Where(Microsoft.Data.Sqlite.SqliteCommand cmd, InstanceQuery query)
    {
        var where = new List<string>();
        void Add(string clause, string name, object value)
        {
            where.Add(clause);
            cmd.Parameters.AddWithValue(name, value);
        }
        if (query.InstanceId is { } id)
        {
            Add("id=$id", "$id", id);
        }
        if (query.InstanceIdPrefix is { Length: > 0 } prefix)
        {
            Add("substr(id, 1, length($prefix)) = $prefix", "$prefix", prefix);
        }
        if (query.WorkflowName is { } name)
        {
            Add("name=$name", "$name", name);
        }
        if (query.Statuses is { Count: > 0 } statuses)
        {
            var names = statuses.Select((s, i) => (Param: $"$s{i}", Value: s.ToString())).ToList();
            where.Add($"status IN ({string.Join(", ", names.Select(n => n.Param))})");
            foreach (var (p, v) in names)
            {
                cmd.Parameters.AddWithValue(p, v);
            }
        }
        if (query.CreatedFrom is { } from)
        {
            Add("created_at >= $from", "$from", Time(from));
        }
        if (query.CreatedTo is { } to)
        {
            Add("created_at <= $to", "$to", Time(to));
        }
        if (query.ContinuationToken is { } token)
        {
            var (at, afterId) = ParseToken(token);
            where.Add("(created_at < $cAt OR (created_at = $cAt AND id > $cId))");
            cmd.Parameters.AddWithValue("$cAt", Time(at));
            cmd.Parameters.AddWithValue("$cId", afterId);
        }
        return where.Count > 0 ? " WHERE " + string.Join(" AND ", where) : "";
    }

    private static (DateTimeOffset At, string Id) ParseToken(string token)
    {
        try
        {
            var text = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(token));
            var bar = text.IndexOf('|', StringComparison.Ordinal);
            return (new DateTimeOffset(long.Parse(text[..bar], CultureInfo.InvariantCulture), TimeSpan.Zero), text[(bar + 1)..]);
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException)
        {
            throw new InvalidContinuationTokenException(token, ex);
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<HistoryEntry>> ReadHistoryAsync(string instanceId, long fromSequence, int maxCount, CancellationToken cancellationToken)
    {
        await using var c = await OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        await using var cmd = Command(c, "SELECT seq, kind, at, event FROM history WHERE instance_id=$id AND seq >= $from ORDER BY seq LIMIT $max",
            ("$id", instanceId), ("$from", fromSequence), ("$max", maxCount));
        var list = new List<HistoryEntry>();
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            list.Add(new HistoryEntry(instanceId, r.GetInt64(0), r.GetString(1), ParseTime(r.GetString(2)),
                await ResolveAsync(c, r.GetString(3), cancellationToken).ConfigureAwait(false)));
        }
        return list;
    }

    private static T Deserialize<T>(string json) =>
        JsonSerializer.Deserialize<T>(json, EngineJson.Options) ?? throw new InvalidDataException($"Stored {typeof(T).Name} is empty.");

    private static DateTimeOffset ParseTime(string s) => DateTimeOffset.Parse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
}
