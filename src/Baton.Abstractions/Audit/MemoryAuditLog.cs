namespace Baton.Abstractions.Audit;

/// <summary>An audit log in one process's memory: the reference provider, for an embedded hub on an in-memory store and tests.</summary>
public sealed class MemoryAuditLog : IAuditLog
{
    private readonly List<AuditEntry> _entries = [];
    private readonly Lock _gate = new();

    /// <inheritdoc />
    public Task<AuditEntry> AppendAsync(AuditRecord record, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var entry = AuditChain.Next(_entries.Count == 0 ? null : _entries[^1], record);
            _entries.Add(entry);
            return Task.FromResult(entry);
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<AuditEntry>> QueryAsync(AuditQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<AuditEntry>>([.. _entries.Where(e => e.Sequence > query.AfterSequence && query.Matches(e.Record)).Take(query.MaxCount)]);
        }
    }
}
