namespace Baton.Abstractions.Audit;

/// <summary>Filters for reading the audit log; null fields do not filter. Entries come oldest first, after <see cref="AfterSequence"/>.</summary>
public sealed record AuditQuery(DateTimeOffset? From = null, DateTimeOffset? To = null, string? Actor = null, string? InstanceId = null, string? Action = null,
    long AfterSequence = 0, int MaxCount = 100)
{
    /// <summary>Whether a record passes the filters.</summary>
    public bool Matches(AuditRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return (From is null || record.At >= From) && (To is null || record.At <= To) && (Actor is null || record.Actor == Actor)
            && (InstanceId is null || record.InstanceId == InstanceId) && (Action is null || record.Action == Action);
    }
}
