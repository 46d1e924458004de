using System.Text.Json.Nodes;
using Baton.Abstractions.Audit;
using Xunit;

namespace Baton.Testing;

/// <summary>The audit log's rules over every store (in memory, SQLite, Blob): entries numbered without gaps and chained, queries by
/// time, actor, instance and action, appends from several writers at once that never fork the chain, and tampering that
/// verification finds.</summary>
public abstract class AuditLogContract : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 12, 7, 9, 0, 0, TimeSpan.Zero);

    /// <summary>A writer over the store under test; each call may be a separate writer (another process would be) on the same store.</summary>
    protected abstract IAuditLog Writer();

    /// <summary>Changes a stored entry's body behind the log's back, as someone with access to the storage could.</summary>
    protected abstract Task TamperAsync(long sequence, string body);

    /// <summary>Makes the store.</summary>
    public abstract Task InitializeAsync();

    /// <inheritdoc />
    public virtual Task DisposeAsync() => Task.CompletedTask;

    private static AuditRecord Record(int minute, string actor, string action, string? instance = null) =>
        new(Start.AddMinutes(minute), "key", actor, null, "127.0.0.1", action, instance, "orders", "1", 202, new JsonObject { ["reason"] = "test" });

    [Fact]
    public async Task AppendAsync_ThreeRecords_NumbersAndChainsThem()
    {
        var log = Writer();
        var a = await log.AppendAsync(Record(0, "default", "StartWorkflow", "i-1"), default);
        var b = await log.AppendAsync(Record(1, "_master", "TerminateInstance", "i-1"), default);
        await log.AppendAsync(Record(2, "default", "StartWorkflow", "i-2"), default);

        Assert.Equal((1L, AuditChain.Genesis, 2L, a.Hash), (a.Sequence, a.PreviousHash, b.Sequence, b.PreviousHash));
        var verified = await AuditChain.VerifyAsync(log, default);
        Assert.Equal((true, 3L), (verified.Verified, verified.Entries));
        Assert.Equal("TerminateInstance", b.Record.Action);
    }

    [Fact]
    public async Task QueryAsync_ByActorInstanceActionTimeAndAfter_FindsJustThose()
    {
        var log = Writer();
        for (var i = 0; i < 6; i++)
        {
            await log.AppendAsync(Record(i, i % 2 == 0 ? "default" : "_master", i < 3 ? "StartWorkflow" : "TerminateInstance", $"i-{i % 3}"), default);
        }

        static long[] Seqs(IReadOnlyList<AuditEntry> e) => [.. e.Select(x => x.Sequence)];
        Assert.Equal(new long[] { 2, 4, 6 }, Seqs(await log.QueryAsync(new AuditQuery(Actor: "_master"), default)));
        Assert.Equal(new long[] { 1, 4 }, Seqs(await log.QueryAsync(new AuditQuery(InstanceId: "i-0"), default)));
        Assert.Equal(new long[] { 4, 5, 6 }, Seqs(await log.QueryAsync(new AuditQuery(Action: "TerminateInstance"), default)));
        Assert.Equal(new long[] { 3, 4 }, Seqs(await log.QueryAsync(new AuditQuery(From: Start.AddMinutes(2), To: Start.AddMinutes(3)), default)));
        Assert.Equal(new long[] { 5 }, Seqs(await log.QueryAsync(new AuditQuery(AfterSequence: 4, MaxCount: 1), default)));
    }

    [Fact]
    public async Task AppendAsync_ManyWritersAtOnce_KeepOneUnbrokenChain()
    {
        await Task.WhenAll(Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
        {
            var writer = Writer();
            for (var i = 0; i < 8; i++)
            {
                await writer.AppendAsync(Record(i, $"writer-{w}", "StartWorkflow"), default);
            }
        })));

        var verified = await AuditChain.VerifyAsync(Writer(), default);
        Assert.True(verified.Verified, verified.Reason);
        Assert.Equal(32, verified.Entries);
    }

    [Fact]
    public async Task AppendAsync_TwoWritersTakingTurns_ContinueEachOthersChain()
    {
        var (a, b) = (Writer(), Writer());
        for (var i = 0; i < 6; i++)
        {
            // Each append finds the head moved by the other writer since its own last one.
            await (i % 2 == 0 ? a : b).AppendAsync(Record(i, $"writer-{i % 2}", "StartWorkflow", $"i-{i}"), default);
        }

        Assert.Equal(Enumerable.Range(1, 6).Select(i => (long)i), (await b.QueryAsync(new AuditQuery(), default)).Select(e => e.Sequence));
        var verified = await AuditChain.VerifyAsync(Writer(), default);
        Assert.True(verified.Verified, verified.Reason);
        Assert.Equal(6, verified.Entries);
    }

    [Fact]
    public async Task AppendAsync_OneWriterManyCallsAtOnce_KeepsOneUnbrokenChain()
    {
        var log = Writer();
        await Task.WhenAll(Enumerable.Range(0, 12).Select(i => Task.Run(() => log.AppendAsync(Record(i, "default", "StartWorkflow", $"i-{i}"), default))));

        var verified = await AuditChain.VerifyAsync(Writer(), default);
        Assert.True(verified.Verified, verified.Reason);
        Assert.Equal(12, verified.Entries);
        Assert.Single(await log.QueryAsync(new AuditQuery(InstanceId: "i-7"), default));
    }

    [Fact]
    public async Task VerifyAsync_EntryChangedInStorage_NamesTheEntry()
    {
        var log = Writer();
        for (var i = 0; i < 3; i++)
        {
            await log.AppendAsync(Record(i, "default", "PurgeInstance", $"i-{i}"), default);
        }
        var second = (await log.QueryAsync(new AuditQuery(AfterSequence: 1, MaxCount: 1), default))[0];

        await TamperAsync(2, second.Body.Replace("\"default\"", "\"someone-else\"", StringComparison.Ordinal));
        var verified = await AuditChain.VerifyAsync(Writer(), default);

        Assert.Equal((false, 2L), (verified.Verified, verified.BrokenAt));
        Assert.Contains("entry 2", verified.Reason, StringComparison.Ordinal);
    }
}
