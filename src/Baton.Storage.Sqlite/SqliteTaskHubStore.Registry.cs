using Baton.Core.Engine;
using Microsoft.Data.Sqlite;
using Baton.Abstractions;

namespace Baton.Storage.Sqlite;

public sealed partial class SqliteTaskHubStore
{
    /// <inheritdoc />
    public async Task<IReadOnlyDictionary<InstanceStatus, long>> CountInstancesAsync(CancellationToken cancellationToken)
    {
        await using var c = await OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        await using var cmd = Command(c, "SELECT status, count(*) FROM instances GROUP BY status");
        var counts = new Dictionary<InstanceStatus, long>();
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            counts[Enum.Parse<InstanceStatus>(r.GetString(0))] = r.GetInt64(1);
        }
        return counts;
    }

    /// <inheritdoc />
    public Task<int> PurgeAsync(InstanceQuery query, CancellationToken cancellationToken) =>
        WriteAsync(async c =>
        {
            await using var tx = (SqliteTransaction)await c.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            var final = new[] { InstanceStatus.Completed, InstanceStatus.Failed, InstanceStatus.Terminated };
            var statuses = query.Statuses is { Count: > 0 } s ? s.Intersect(final).ToArray() : final;
            var ids = new List<string>();
            await using (var select = c.CreateCommand())
            {
                select.Transaction = tx;
                select.CommandText = "SELECT id FROM instances" + Where(select, query with { Statuses = statuses, ContinuationToken = null }) + " LIMIT $max";
                select.Parameters.AddWithValue("$max", statuses.Length == 0 ? 0 : query.MaxCount);
                await using var r = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    ids.Add(r.GetString(0));
                }
            }
            foreach (var id in ids)
            {
                foreach (var table in new[] { "steps", "history", "work" })
                {
                    await RunAsync(c, tx, cancellationToken, $"DELETE FROM {table} WHERE instance_id=$id", ("$id", id)).ConfigureAwait(false);
                }
                await RunAsync(c, tx, cancellationToken, "DELETE FROM instances WHERE id=$id", ("$id", id)).ConfigureAwait(false);
            }
            await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
            return ids.Count;
        }, cancellationToken);

    /// <inheritdoc />
    public Task<RegistryEntry> RegisterAsync(string kind, string name, string version, string hash, DateTimeOffset now, CancellationToken cancellationToken) =>
        WriteAsync(async c =>
        {
            await using var tx = (SqliteTransaction)await c.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            var existing = (await ReadRegistryAsync(c, tx, kind, name, cancellationToken).ConfigureAwait(false)).ToList();
            if (existing.FirstOrDefault(e => e.Version == version) is { } same)
            {
                return same.Hash == hash ? same : throw new VersionConflictException(kind, name, version);
            }
            var active = !existing.Any(e => e.Active);
            await RunAsync(c, tx, cancellationToken,
                "INSERT INTO registry(kind, name, version, hash, created_at, active, retired) VALUES($k, $n, $v, $h, $t, $a, 0)",
                ("$k", kind), ("$n", name), ("$v", version), ("$h", hash), ("$t", Time(now)), ("$a", active ? 1 : 0)).ConfigureAwait(false);
            await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
            return new RegistryEntry(kind, name, version, hash, now, active, false);
        }, cancellationToken);

    /// <inheritdoc />
    public async Task<IReadOnlyList<RegistryEntry>> ListRegistryAsync(string kind, string? name, CancellationToken cancellationToken)
    {
        await using var c = await OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        return await ReadRegistryAsync(c, null, kind, name, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task<bool> ActivateAsync(string kind, string name, string version, CancellationToken cancellationToken) =>
        WriteAsync(async c =>
        {
            await using var tx = (SqliteTransaction)await c.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using var check = Command(c, "SELECT count(*) FROM registry WHERE kind=$k AND name=$n AND version=$v AND retired=0",
                ("$k", kind), ("$n", name), ("$v", version));
            check.Transaction = tx;
            if ((long)(await check.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))! == 0)
            {
                return false;
            }
            await RunAsync(c, tx, cancellationToken, "UPDATE registry SET active = CASE WHEN version=$v THEN 1 ELSE 0 END WHERE kind=$k AND name=$n",
                ("$k", kind), ("$n", name), ("$v", version)).ConfigureAwait(false);
            await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }, cancellationToken);

    /// <inheritdoc />
    public Task<bool> RetireAsync(string kind, string name, string version, CancellationToken cancellationToken) =>
        WriteAsync(async c =>
        {
            await using var cmd = Command(c, "UPDATE registry SET retired=1, active=0 WHERE kind=$k AND name=$n AND version=$v",
                ("$k", kind), ("$n", name), ("$v", version));
            return await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;
        }, cancellationToken);

    /// <inheritdoc />
    public Task<bool> RemoveAsync(string kind, string name, string version, CancellationToken cancellationToken) =>
        WriteAsync(async c =>
        {
            await using var cmd = Command(c, "DELETE FROM registry WHERE kind=$k AND name=$n AND version=$v", ("$k", kind), ("$n", name), ("$v", version));
            return await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;
        }, cancellationToken);

    private static async Task<IReadOnlyList<RegistryEntry>> ReadRegistryAsync(SqliteConnection c, SqliteTransaction? tx, string kind, string? name, CancellationToken ct)
    {
        await using var cmd = Command(c, "SELECT kind, name, version, hash, created_at, active, retired FROM registry WHERE kind=$k" +
            (name is null ? "" : " AND name=$n") + " ORDER BY name, created_at, version", ("$k", kind), ("$n", name));
        cmd.Transaction = tx;
        var list = new List<RegistryEntry>();
        await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await r.ReadAsync(ct).ConfigureAwait(false))
        {
            list.Add(new RegistryEntry(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), ParseTime(r.GetString(4)), r.GetInt64(5) == 1, r.GetInt64(6) == 1));
        }
        return list;
    }
}
