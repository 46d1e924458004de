using System.Collections.Immutable;
using System.Text.Json.Nodes;
using Baton.Core.Engine;
using Baton.Embedded.Store;
using Xunit;
using Baton.Abstractions;

namespace Baton.Testing;

/// <summary>The contract every <see cref="ITaskHubStore"/> provider passes; derive once per provider.</summary>
public abstract class TaskHubStoreContract : IAsyncLifetime
{
    /// <summary>A fixed point in time the tests count from.</summary>
    protected static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private ITaskHubStore? _store;

    /// <summary>The store under test, initialized.</summary>
    protected ITaskHubStore Store => _store ?? throw new InvalidOperationException("Not initialized.");

    /// <summary>Creates a fresh, empty store (not yet initialized).</summary>
    protected abstract ITaskHubStore CreateStore();

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        _store = CreateStore();
        await _store.InitializeAsync(CancellationToken.None);
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (_store is not null)
        {
            await _store.DisposeAsync();
        }
    }

    [Fact]
    public async Task CommitAsync_NewInstance_LoadsBackWithStepsHistoryAndBinding()
    {
        await Store.CommitAsync([Create("i1")], default);
        var record = await Store.LoadInstanceAsync("i1", default);
        Assert.NotNull(record);
        Assert.Equal(("def-hash", "cat-hash"), (record.Binding.DefinitionHash, record.Binding.CatalogHash));
        Assert.Equal(InstanceStatus.Running, record.State.Status);
        Assert.Equal("""{"x":1}""", record.State.Input!.ToJsonString());
        Assert.Equal(StepStatus.Running, record.State.Steps["a"].Status);
        Assert.Equal(StepStatus.Pending, record.State.Steps["b"].Status);
        var history = await Store.ReadHistoryAsync("i1", 0, 10, default);
        Assert.Equal("InstanceStarted", Assert.Single(history).Kind);
    }

    [Fact]
    public async Task CommitAsync_CreateExistingId_ThrowsAndChangesNothing()
    {
        await Store.CommitAsync([Create("dup")], default);
        var again = Create("dup") with { State = State("dup", 0, InstanceStatus.Running) with { WorkflowName = "other" } };
        await Assert.ThrowsAsync<ConcurrencyException>(() => Store.CommitAsync([again], default));
        var record = await Store.LoadInstanceAsync("dup", default);
        Assert.Equal("wf", record!.State.WorkflowName);
        Assert.Single(await Store.ReadHistoryAsync("dup", 0, 10, default));
    }

    [Fact]
    public async Task CommitAsync_StaleSequence_ThrowsAndChangesNothing()
    {
        await Store.CommitAsync([Create("s")], default);
        await Store.CommitAsync([Next("s", expected: 0, addWork: [], deleteWork: [])], default);
        await Assert.ThrowsAsync<ConcurrencyException>(() => Store.CommitAsync([Next("s", expected: 0, addWork: [], deleteWork: [])], default));
        Assert.Equal(2, (await Store.ReadHistoryAsync("s", 0, 10, default)).Count);
        Assert.Equal(1, (await Store.LoadInstanceAsync("s", default))!.State.Sequence);
    }

    [Fact]
    public async Task CommitAsync_WorkAddedAndDeleted_IsAtomicWithState()
    {
        await Store.CommitAsync([Create("w")], default);
        var timer = new WorkItem("timer|w|t1", "w", WorkKind.Timer, T0.AddMinutes(5), """{"timerId":"t1"}""");
        await Store.CommitAsync([Next("w", 0, addWork: [timer], deleteWork: ["task|w/a/1"])], default);
        Assert.Equal(["timer|w|t1"], (await Store.ListTimersAsync(default)).Select(t => t.Id));
        Assert.Empty(await Store.ClaimWorkAsync(WorkKind.Task, "me", T0.AddHours(1), T0.AddHours(2), 10, default));
    }

    [Fact]
    public async Task CommitAsync_ContinuedAt_KeepsOnlyTheNewRunsStepsAndHistoryFromThere()
    {
        await Store.CommitAsync([Create("c")], default);
        await Store.CommitAsync([Next("c", 0, addWork: [], deleteWork: [])], default);
        var restart = Next("c", 1, addWork: [], deleteWork: []) with
        {
            ChangedSteps = [new StepState("a", StepStatus.Running, 2, StartedAt: T0)],
            ContinuedAt = 2,
        };

        await Store.CommitAsync([restart], default);

        var record = await Store.LoadInstanceAsync("c", default);
        Assert.Equal(["a"], record!.State.Steps.Keys);
        Assert.Equal(2, record.State.Steps["a"].Attempt);
        Assert.Equal([2L], (await Store.ReadHistoryAsync("c", 0, 10, default)).Select(h => h.Sequence));
    }

    [Fact]
    public async Task ClaimWorkAsync_LeasedTask_IsInvisibleUntilLeaseExpires()
    {
        await Store.CommitAsync([Create("c", leaseOwner: null)], default);
        var first = await Store.ClaimWorkAsync(WorkKind.Task, "owner-1", T0, T0.AddMinutes(1), 10, default);
        var item = Assert.Single(first);
        Assert.Equal(("owner-1", 1), (item.LeaseOwner, item.DequeueCount));
        Assert.Empty(await Store.ClaimWorkAsync(WorkKind.Task, "owner-2", T0.AddSeconds(30), T0.AddMinutes(2), 10, default));
        var second = Assert.Single(await Store.ClaimWorkAsync(WorkKind.Task, "owner-2", T0.AddMinutes(2), T0.AddMinutes(3), 10, default));
        Assert.Equal(("owner-2", 2), (second.LeaseOwner, second.DequeueCount));
    }

    [Fact]
    public async Task ClaimWorkAsync_TimerNotDue_IsNotClaimed()
    {
        await Store.CommitAsync([Create("t")], default);
        var timer = new WorkItem("timer|t|x", "t", WorkKind.Timer, T0.AddHours(1), """{"timerId":"x"}""");
        await Store.CommitAsync([Next("t", 0, addWork: [timer], deleteWork: [])], default);
        Assert.Empty(await Store.ClaimWorkAsync(WorkKind.Timer, "o", T0, T0.AddMinutes(1), 10, default));
        Assert.Single(await Store.ClaimWorkAsync(WorkKind.Timer, "o", T0.AddHours(1), T0.AddHours(2), 10, default));
    }

    [Fact]
    public async Task RenewLeasesAsync_ExtendsOnlyTheOwnersLeases()
    {
        await Store.CommitAsync([Create("r", leaseOwner: null)], default);
        var item = Assert.Single(await Store.ClaimWorkAsync(WorkKind.Task, "me", T0, T0.AddMinutes(1), 10, default));
        await Store.RenewLeasesAsync("someone-else", [item.Id], T0.AddHours(1), default);
        Assert.Single(await Store.ClaimWorkAsync(WorkKind.Task, "thief", T0.AddMinutes(2), T0.AddMinutes(3), 10, default));
        await Store.RenewLeasesAsync("thief", [item.Id], T0.AddHours(1), default);
        Assert.Empty(await Store.ClaimWorkAsync(WorkKind.Task, "me", T0.AddMinutes(30), T0.AddMinutes(31), 10, default));
    }

    [Fact]
    public async Task ReleaseAllLeasesAsync_MakesLeasedWorkClaimableAtOnce()
    {
        await Store.CommitAsync([Create("l")], default);
        Assert.Empty(await Store.ClaimWorkAsync(WorkKind.Task, "new-owner", T0, T0.AddMinutes(1), 10, default));
        await Store.ReleaseAllLeasesAsync(default);
        Assert.Single(await Store.ClaimWorkAsync(WorkKind.Task, "new-owner", T0, T0.AddMinutes(1), 10, default));
    }

    [Fact]
    public async Task ReadHistoryAsync_FromSequence_ReturnsOrderedPage()
    {
        await Store.CommitAsync([Create("h")], default);
        for (var i = 0; i < 4; i++)
        {
            await Store.CommitAsync([Next("h", i, addWork: [], deleteWork: [])], default);
        }
        var page = await Store.ReadHistoryAsync("h", 2, 2, default);
        Assert.Equal([2L, 3L], page.Select(p => p.Sequence));
    }

    [Fact]
    public async Task ListInstancesAsync_ByStatusAndName_Filters()
    {
        await Store.CommitAsync([Create("one"), Create("two")], default);
        await Store.CommitAsync([Next("two", 0, [], [], InstanceStatus.Completed)], default);
        var running = await Store.ListInstancesAsync(new InstanceQuery(Statuses: [InstanceStatus.Running]), default);
        Assert.Equal(["one"], running.Select(r => r.InstanceId));
        Assert.Equal(2, (await Store.ListInstancesAsync(new InstanceQuery(WorkflowName: "wf"), default)).Count);
        Assert.Empty(await Store.ListInstancesAsync(new InstanceQuery(WorkflowName: "nope"), default));
    }

    [Fact]
    public async Task GetSecretAsync_SameNameTwice_GivesTheSameRandomBytes()
    {
        var first = await Store.GetSecretAsync("reply-tokens", default);
        Assert.Equal(32, first.Length);
        Assert.Equal(first, await Store.GetSecretAsync("reply-tokens", default));
        Assert.NotEqual(first, await Store.GetSecretAsync("other", default));
    }

    [Fact]
    public async Task SaveDefinitionAsync_SameHashTwice_KeepsOne()
    {
        var d = new StoredDefinition("h1", "workflow", "wf", "1", "wf.yaml", "text");
        await Store.SaveDefinitionAsync(d, default);
        await Store.SaveDefinitionAsync(d, default);
        Assert.Equal(d, await Store.GetDefinitionAsync("h1", default));
        Assert.Null(await Store.GetDefinitionAsync("missing", default));
    }

    [Fact]
    public async Task CommitAsync_LargePayload_RoundTrips()
    {
        var big = new string('z', 200_000);
        var commit = Create("big");
        var step = commit.ChangedSteps[0] with { Output = new JsonObject { ["blob"] = big } };
        await Store.CommitAsync([commit with { ChangedSteps = [step, commit.ChangedSteps[1]] }], default);
        var record = await Store.LoadInstanceAsync("big", default);
        Assert.Equal(big, record!.State.Steps["a"].Output!["blob"]!.GetValue<string>());
    }

    [Fact]
    public async Task ListInstancesAsync_WithContinuationToken_PagesWithoutGapsOrRepeats()
    {
        for (var i = 0; i < 7; i++)
        {
            await Store.CommitAsync([Create($"p{i}") with { State = State($"p{i}", 0, InstanceStatus.Running) with { CreatedAt = T0.AddMinutes(i % 3) } }], default);
        }
        var seen = new List<string>();
        string? token = null;
        do
        {
            var page = await Store.ListInstancesAsync(new InstanceQuery(MaxCount: 3, ContinuationToken: token), default);
            seen.AddRange(page.Select(p => p.InstanceId));
            token = page.Count == 3 ? page[^1].ContinuationToken : null;
        }
        while (token is not null);
        Assert.Equal(7, seen.Distinct().Count());
        Assert.Equal(7, seen.Count);
        var window = await Store.ListInstancesAsync(new InstanceQuery(CreatedFrom: T0.AddMinutes(1), CreatedTo: T0.AddMinutes(1)), default);
        Assert.Equal(["p1", "p4"], window.Select(w => w.InstanceId));
        await Store.CommitAsync([Create("q%_x")], default);
        Assert.Equal(["q%_x"], (await Store.ListInstancesAsync(new InstanceQuery(InstanceIdPrefix: "q%"), default)).Select(w => w.InstanceId));
        Assert.Empty(await Store.ListInstancesAsync(new InstanceQuery(InstanceIdPrefix: "p%"), default));
    }

    [Fact]
    public async Task CountInstancesAsync_CountsByStatus()
    {
        await Store.CommitAsync([Create("c1"), Create("c2"), Create("c3")], default);
        await Store.CommitAsync([Next("c3", 0, [], [], InstanceStatus.Failed)], default);
        var counts = await Store.CountInstancesAsync(default);
        Assert.Equal((2L, 1L), (counts[InstanceStatus.Running], counts[InstanceStatus.Failed]));
        Assert.False(counts.ContainsKey(InstanceStatus.Completed));
    }

    [Fact]
    public async Task PurgeAsync_DeletesOnlyFinishedInstancesWithAllTheirRows()
    {
        await Store.CommitAsync([Create("done"), Create("live")], default);
        await Store.CommitAsync([Next("done", 0, [], ["task|done/a/1"], InstanceStatus.Completed)], default);
        Assert.Equal(0, await Store.PurgeAsync(new InstanceQuery(InstanceId: "live"), default));
        Assert.Equal(1, await Store.PurgeAsync(new InstanceQuery(), default));
        Assert.Null(await Store.LoadInstanceAsync("done", default));
        Assert.Empty(await Store.ReadHistoryAsync("done", 0, 10, default));
        Assert.NotNull(await Store.LoadInstanceAsync("live", default));
    }

    [Fact]
    public async Task RegisterAsync_Versions_AreImmutableAndFirstIsActive()
    {
        var v1 = await Store.RegisterAsync("workflow", "orders", "1.0", "h1", T0, default);
        Assert.True(v1.Active);
        Assert.Equal(v1, await Store.RegisterAsync("workflow", "orders", "1.0", "h1", T0.AddDays(1), default));
        await Assert.ThrowsAsync<VersionConflictException>(() => Store.RegisterAsync("workflow", "orders", "1.0", "other", T0, default));
        var v2 = await Store.RegisterAsync("workflow", "orders", "2.0", "h2", T0.AddHours(1), default);
        Assert.False(v2.Active);
        Assert.True(await Store.ActivateAsync("workflow", "orders", "2.0", default));
        var listed = await Store.ListRegistryAsync("workflow", "orders", default);
        Assert.Equal([("1.0", false), ("2.0", true)], listed.Select(e => (e.Version, e.Active)));
        Assert.True(await Store.RetireAsync("workflow", "orders", "2.0", default));
        Assert.False(await Store.ActivateAsync("workflow", "orders", "2.0", default));
        Assert.False(await Store.RetireAsync("workflow", "orders", "9.9", default));
        Assert.Empty(await Store.ListRegistryAsync("catalog", null, default));
    }

    /// <summary>A snapshot header for tests.</summary>
    protected static InstanceState State(string id, long seq, InstanceStatus status) => new(
        id, "wf", "1", status, JsonNode.Parse("""{"x":1}"""), [], ImmutableSortedDictionary<string, string>.Empty, "seed",
        ImmutableDictionary<string, StepState>.Empty, null, null, T0, T0.AddSeconds(seq), null, seq, 2);

    /// <summary>The commit that creates an instance with two steps and one leased task work item.</summary>
    protected static InstanceCommit Create(string id, string? leaseOwner = "old-owner") => new(
        id, -1, State(id, 0, InstanceStatus.Running),
        [new StepState("a", StepStatus.Running, 1, StartedAt: T0), new StepState("b", StepStatus.Pending)],
        [new HistoryEntry(id, 0, "InstanceStarted", T0, """{"type":"InstanceStarted"}""")],
        [new WorkItem($"task|{id}/a/1", id, WorkKind.Task, T0, """{"command":{}}""", leaseOwner, leaseOwner is null ? null : T0.AddMinutes(10))],
        [],
        new InstanceBinding("def-hash", "cat-hash"));

    /// <summary>The commit of the next accepted event.</summary>
    protected static InstanceCommit Next(string id, long expected, IReadOnlyList<WorkItem> addWork, IReadOnlyList<string> deleteWork,
        InstanceStatus status = InstanceStatus.Running) => new(
        id, expected, State(id, expected + 1, status), [],
        [new HistoryEntry(id, expected + 1, "TaskCompleted", T0.AddSeconds(expected + 1), """{"type":"TaskCompleted"}""")],
        addWork, deleteWork);
}
