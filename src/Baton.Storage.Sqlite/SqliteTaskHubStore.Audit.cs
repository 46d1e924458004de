using Baton.Abstractions.Audit;
using Microsoft.Data.Sqlite;

namespace Baton.Storage.Sqlite;

public sealed partial class SqliteTaskHubStore : IAuditLog
{
    /// <inheritdoc />
    /// <remarks>Through the store's one writer, in a transaction that reads the last entry and adds the next, so the chain never forks.</remarks>
    public Task<AuditEntry> AppendAsync(AuditRecord record, CancellationToken cancellationToken) =>
        WriteAsync(async c =>
        {
            ArgumentNullException.ThrowIfNull(record);
            await using var tx = (SqliteTransaction)await c.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            AuditEntry? last = null;
            await using (var read = Command(c, "SELECT seq, body, prev, hash FROM audit ORDER BY seq DESC LIMIT 1"))
            {
                read.Transaction = tx;
                await using var r = await read.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                if (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    last = new AuditEntry(r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3));
                }
            }
            var next = AuditChain.Next(last, record);
            await RunAsync(c, tx, cancellationToken,
                "INSERT INTO audit(seq, at, actor, action, instance_id, body, prev, hash) VALUES($s, $at, $actor, $action, $i, $b, $p, $h)",
                ("$s", next.Sequence), ("$at", Time(record.At)), ("$actor", record.Actor), ("$action", record.Action), ("$i", record.InstanceId),
                ("$b", next.Body), ("$p", next.PreviousHash), ("$h", next.Hash)).ConfigureAwait(false);
            await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
            return next;
        }, cancellationToken);

    /// <inheritdoc />
    public async Task<IReadOnlyList<AuditEntry>> QueryAsync(AuditQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var c = await OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        await using var cmd = Command(c, "SELECT seq, body, prev, hash FROM audit WHERE seq > $after"
            + (query.From is null ? "" : " AND at >= $from") + (query.To is null ? "" : " AND at <= $to")
            + (query.Actor is null ? "" : " AND actor = $actor") + (query.InstanceId is null ? "" : " AND instance_id = $instance")
            + (query.Action is null ? "" : " AND action = $action") + " ORDER BY seq LIMIT $max",
            ("$after", query.AfterSequence), ("$from", query.From is { } f ? Time(f) : null), ("$to", query.To is { } t ? Time(t) : null),
            ("$actor", query.Actor), ("$instance", query.InstanceId), ("$action", query.Action), ("$max", query.MaxCount));
        var entries = new List<AuditEntry>();
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            entries.Add(new AuditEntry(r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3)));
        }
        return entries;
    }
}
