using Baton.Embedded.Store;
using Microsoft.Data.Sqlite;

namespace Baton.Storage.Sqlite;

public sealed partial class SqliteTaskHubStore
{
    private const string WorkColumns = "id, instance_id, kind, due_at, payload, lease_owner, lease_until, dequeue_count";

    /// <inheritdoc />
    public Task<IReadOnlyList<WorkItem>> ClaimWorkAsync(WorkKind kind, string owner, DateTimeOffset now, DateTimeOffset leaseUntil, int maxCount, CancellationToken cancellationToken) =>
        WriteAsync(async c =>
        {
            await using var cmd = Command(c,
                "UPDATE work SET lease_owner=$owner, lease_until=$until, dequeue_count=dequeue_count+1 WHERE id IN (" +
                "SELECT id FROM work WHERE kind=$kind AND due_at <= $now AND (lease_until IS NULL OR lease_until < $now) ORDER BY due_at LIMIT $max) " +
                $"RETURNING {WorkColumns}",
                ("$owner", owner), ("$until", leaseUntil.ToUnixTimeMilliseconds()), ("$kind", kind.ToString()),
                ("$now", now.ToUnixTimeMilliseconds()), ("$max", maxCount));
            return await ReadWorkAsync(c, cmd, cancellationToken).ConfigureAwait(false);
        }, cancellationToken);

    /// <inheritdoc />
    public async Task<IReadOnlyList<WorkItem>> ListTimersAsync(CancellationToken cancellationToken)
    {
        await using var c = await OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        await using var cmd = Command(c, $"SELECT {WorkColumns} FROM work WHERE kind=$kind ORDER BY due_at", ("$kind", WorkKind.Timer.ToString()));
        return await ReadWorkAsync(c, cmd, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task RenewLeasesAsync(string owner, IReadOnlyCollection<string> workItemIds, DateTimeOffset leaseUntil, CancellationToken cancellationToken) =>
        WriteAsync(async c =>
        {
            await using var tx = (SqliteTransaction)await c.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            foreach (var id in workItemIds)
            {
                await RunAsync(c, tx, cancellationToken, "UPDATE work SET lease_until=$until WHERE id=$id AND lease_owner=$owner",
                    ("$until", leaseUntil.ToUnixTimeMilliseconds()), ("$id", id), ("$owner", owner)).ConfigureAwait(false);
            }
            await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }, cancellationToken);

    /// <inheritdoc />
    public Task ReleaseAllLeasesAsync(CancellationToken cancellationToken) =>
        WriteAsync(async c =>
        {
            await using var cmd = Command(c, "UPDATE work SET lease_owner=NULL, lease_until=NULL WHERE lease_owner IS NOT NULL");
            return await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }, cancellationToken);

    private static async Task<IReadOnlyList<WorkItem>> ReadWorkAsync(SqliteConnection c, SqliteCommand cmd, CancellationToken ct)
    {
        var raw = new List<(string Id, string Instance, string Kind, long Due, string Payload, string? Owner, long? Until, int Count)>();
        await using (var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false))
        {
            while (await r.ReadAsync(ct).ConfigureAwait(false))
            {
                raw.Add((r.GetString(0), r.GetString(1), r.GetString(2), r.GetInt64(3), r.GetString(4),
                    r.IsDBNull(5) ? null : r.GetString(5), r.IsDBNull(6) ? null : r.GetInt64(6), r.GetInt32(7)));
            }
        }
        var items = new List<WorkItem>(raw.Count);
        foreach (var w in raw)
        {
            items.Add(new WorkItem(w.Id, w.Instance, Enum.Parse<WorkKind>(w.Kind), DateTimeOffset.FromUnixTimeMilliseconds(w.Due),
                await ResolveAsync(c, w.Payload, ct).ConfigureAwait(false), w.Owner,
                w.Until is { } u ? DateTimeOffset.FromUnixTimeMilliseconds(u) : null, w.Count));
        }
        return items;
    }
}
