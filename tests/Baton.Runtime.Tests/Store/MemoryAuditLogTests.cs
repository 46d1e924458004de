using System.Reflection;
using Baton.Abstractions.Audit;
using Baton.Testing;

namespace Baton.Runtime.Tests.Store;

/// <summary>The audit log's rules over the in-memory reference log (an embedded hub on an in-memory store).</summary>
public sealed class MemoryAuditLogTests : AuditLogContract
{
    private readonly MemoryAuditLog _log = new();

    public override Task InitializeAsync() => Task.CompletedTask;

    protected override IAuditLog Writer() => _log;

    protected override Task TamperAsync(long sequence, string body)
    {
        // What a debugger or a memory-corrupting bug could do: swap the entry for one with another body and the old hashes.
        var entries = (List<AuditEntry>)typeof(MemoryAuditLog).GetField("_entries", BindingFlags.NonPublic | BindingFlags.Instance)!.GetValue(_log)!;
        var index = entries.FindIndex(e => e.Sequence == sequence);
        entries[index] = entries[index] with { Body = body };
        return Task.CompletedTask;
    }
}
