using Baton.Embedded.Store;
using Baton.Testing;
using Microsoft.Data.Sqlite;

namespace Baton.Storage.Sqlite.Tests;

public sealed class SqliteTaskHubStoreTests : TaskHubStoreContract, IDisposable
{
    private readonly TempDirectory _dir = new();

    protected override ITaskHubStore CreateStore() => new SqliteTaskHubStore(new SqliteStoreOptions(_dir.File("hub.db")));

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task InitializeAsync_SecondWriterOnSameFile_IsRefusedWithClearError()
    {
        await using var second = new SqliteTaskHubStore(new SqliteStoreOptions(_dir.File("hub.db")));
        var ex = await Assert.ThrowsAsync<StoreLockedException>(() => second.InitializeAsync(default));
        Assert.Contains("Another Baton process", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InitializeAsync_ReadOnlyWhileWriterHoldsLock_CanRead()
    {
        await Store.CommitAsync([Create("ro")], default);
        await using var reader = new SqliteTaskHubStore(new SqliteStoreOptions(_dir.File("hub.db")) { ReadOnly = true });
        await reader.InitializeAsync(default);
        Assert.NotNull(await reader.LoadInstanceAsync("ro", default));
    }

    [Fact]
    public async Task CommitAsync_LargePayload_IsStoredOnceByReference()
    {
        var big = new string('q', 100_000);
        var commit = Create("ref");
        var step = commit.ChangedSteps[0] with { Output = System.Text.Json.Nodes.JsonValue.Create(big) };
        await Store.CommitAsync([commit with { ChangedSteps = [step] }], default);
        await using var c = new SqliteConnection($"Data Source={_dir.File("hub.db")};Mode=ReadOnly");
        await c.OpenAsync();
        await using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT state FROM steps WHERE instance_id='ref' AND step_id='a'";
        var stored = (string)(await cmd.ExecuteScalarAsync())!;
        Assert.StartsWith("@payload:", stored, StringComparison.Ordinal);
        cmd.CommandText = "SELECT count(*) FROM payloads";
        Assert.Equal(1L, (long)(await cmd.ExecuteScalarAsync())!);
    }

    [Fact]
    public async Task CommitAsync_ManyCommitsOfAnInstanceWithALargeInput_KeepTheInputOnce()
    {
        // Were the input inside the header that every commit rewrites, each commit would keep another copy of it.
        var input = new System.Text.Json.Nodes.JsonObject { ["items"] = new string('i', 100_000) };
        var first = Create("big-input");
        await Store.CommitAsync([first with { State = first.State! with { Input = input, Variables = new() { ["v"] = new string('v', 70_000) } } }], default);
        for (var seq = 0; seq < 40; seq++)
        {
            var next = Next("big-input", seq, [], []);
            await Store.CommitAsync([next with { State = next.State! with { Input = input.DeepClone(), Variables = new() { ["v"] = new string('v', 70_000) } } }], default);
        }

        await using var c = new SqliteConnection($"Data Source={_dir.File("hub.db")};Mode=ReadOnly");
        await c.OpenAsync();
        await using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT count(*) FROM payloads";
        Assert.Equal(2L, (long)(await cmd.ExecuteScalarAsync())!);
        var loaded = (await Store.LoadInstanceAsync("big-input", default))!.State;
        Assert.Equal((40L, 100_000), (loaded.Sequence, loaded.Input!["items"]!.GetValue<string>().Length));
        Assert.Equal(70_000, loaded.Variables["v"]!.GetValue<string>().Length);
    }

    [Fact]
    public async Task CommitAsync_FailingItemInBatch_RollsBackTheWholeBatch()
    {
        await Store.CommitAsync([Create("x")], default);
        await Assert.ThrowsAsync<ConcurrencyException>(() => Store.CommitAsync([Create("y"), Create("x")], default));
        Assert.Null(await Store.LoadInstanceAsync("y", default));
    }

    [Fact]
    public async Task GetSecretAsync_AfterReopen_IsTheSame()
    {
        var before = await Store.GetSecretAsync("reply-tokens", default);
        await Store.DisposeAsync();
        await using var reopened = new SqliteTaskHubStore(new SqliteStoreOptions(_dir.File("hub.db")));
        await reopened.InitializeAsync(default);
        Assert.Equal(before, await reopened.GetSecretAsync("reply-tokens", default));
    }
}
