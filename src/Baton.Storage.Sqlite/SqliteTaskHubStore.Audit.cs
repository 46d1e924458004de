using Baton.Abstractions.Audit;
using Microsoft.Data.Sqlite;

namespace Baton.Storage.Sqlite;

public sealed partial class SqliteTaskHubStore : IAuditLog
{
    private const int MaxAuditBatch = 512;
    private readonly System.Threading.Channels.Channel<(AuditRecord Record, TaskCompletionSource<AuditEntry> Done)> _audits =
        System.Threading.Channels.Channel.CreateUnbounded<(AuditRecord, TaskCompletionSource<AuditEntry>)>(new() { SingleReader = true });
    private readonly Lock _auditGate = new();
    private Task? _auditPump;

    /// <inheritdoc />
    /// <remarks>Group commit: records that arrive while a batch is being written wait for the next one, and each batch is one
    /// transaction through the store's one writer that reads the last entry and adds the next ones, so many concurrent
    /// actions cost one commit, the chain never forks, and the returned entry is durable. Not cancellable: the action it
    /// records may have happened.</remarks>
    public Task<AuditEntry> AppendAsync(AuditRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        var done = new TaskCompletionSource<AuditEntry>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_audits.Writer.TryWrite((record, done)))
        {
            throw new ObjectDisposedException(nameof(SqliteTaskHubStore), "The store is closed; the audit record was not written.");
        }
        lock (_auditGate)
        {
            _auditPump ??= Task.Run(PumpAuditsAsync);
        }
        return done.Task;
    }

    private async Task PumpAuditsAsync()
    {
        var batch = new List<(AuditRecord Record, TaskCompletionSource<AuditEntry> Done)>();
        while (await _audits.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            batch.Clear();
            while (batch.Count < MaxAuditBatch && _audits.Reader.TryRead(out var item))
            {
                batch.Add(item);
            }
            try
            {
                var entries = await WriteAsync(c => AppendBatchAsync(c, batch.Select(b => b.Record)), CancellationToken.None).ConfigureAwait(false);
                for (var i = 0; i < batch.Count; i++)
                {
                    batch[i].Done.TrySetResult(entries[i]);
                }
            }
#pragma warning disable CA1031 // Every waiting append learns why its batch failed.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                batch.ForEach(b => b.Done.TrySetException(ex));
            }
        }
    }

    private async Task<List<AuditEntry>> AppendBatchAsync(SqliteConnection c, IEnumerable<AuditRecord> records)
    {
        await using var tx = (SqliteTransaction)await c.BeginTransactionAsync().ConfigureAwait(false);
        AuditEntry? last = null;
        await using (var read = Command(c, "SELECT seq, body, prev, hash FROM audit ORDER BY seq DESC LIMIT 1"))
        {
            read.Transaction = tx;
            await using var r = await read.ExecuteReaderAsync().ConfigureAwait(false);
            if (await r.ReadAsync().ConfigureAwait(false))
            {
                last = new AuditEntry(r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3));
            }
        }
        var entries = new List<AuditEntry>();
        foreach (var record in records)
        {
            var next = AuditChain.Next(last, record);
            await RunAsync(c, tx, CancellationToken.None,
                "INSERT INTO audit(seq, at, actor, action, instance_id, body, prev, hash) VALUES($s, $at, $actor, $action, $i, $b, $p, $h)",
                ("$s", next.Sequence), ("$at", Time(record.At)), ("$actor", record.Actor), ("$action", record.Action), ("$i", record.InstanceId),
                ("$b", next.Body), ("$p", next.PreviousHash), ("$h", next.Hash)).ConfigureAwait(false);
            entries.Add(next);
            last = next;
        }
        await tx.CommitAsync().ConfigureAwait(false);
        return entries;
    }

    /// <summary>Stops taking audit records and waits for those taken to be written.</summary>
    private async Task DrainAuditsAsync()
    {
        _audits.Writer.TryComplete();
        Task? pump;
        lock (_auditGate)
        {
            pump = _auditPump;
        }
        if (pump is not null)
        {
            await pump.ConfigureAwait(false);
        }
    }

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
