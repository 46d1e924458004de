namespace Baton.Abstractions.Audit;

/// <summary>The tamper-evident log of control actions a backend keeps beside its instances.</summary>
/// <remarks>Append-only: entries are numbered without gaps and each carries the hash of the one before
/// (<see cref="AuditChain"/>), so a change to, or removal of, any entry shows when the chain is verified. Appends from many
/// processes on one store are serialized by the store, never interleaved into a broken chain.</remarks>
public interface IAuditLog
{
    /// <summary>Appends a record and returns its entry.</summary>
    Task<AuditEntry> AppendAsync(AuditRecord record, CancellationToken cancellationToken);

    /// <summary>The entries a query matches, oldest first, at most <see cref="AuditQuery.MaxCount"/>.</summary>
    Task<IReadOnlyList<AuditEntry>> QueryAsync(AuditQuery query, CancellationToken cancellationToken);
}
