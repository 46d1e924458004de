namespace Baton.Abstractions.Audit;

/// <summary>An audit record as stored: its place in the log, the exact text that was hashed, and the chain's hashes.</summary>
/// <param name="Sequence">1 for the first entry, then one more for each.</param>
/// <param name="Body">The record's canonical JSON (see <see cref="AuditChain.Body"/>), the text the hash covers.</param>
/// <param name="PreviousHash">The hash of the entry before (64 zeros for the first).</param>
/// <param name="Hash">SHA-256 of the previous hash, a newline and the body, in lowercase hex.</param>
public sealed record AuditEntry(long Sequence, string Body, string PreviousHash, string Hash)
{
    /// <summary>The record the body holds.</summary>
    public AuditRecord Record => AuditChain.Read(Body);
}
