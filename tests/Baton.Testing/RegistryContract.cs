using Xunit;
using Baton.Abstractions;

namespace Baton.Testing;

/// <summary>The registry's rules over every registry store: derive once per provider (in memory, SQLite, Blob).</summary>
/// <remarks>What a start by name resolves to, what retirement means, and that an entry stored before versions were
/// checked never breaks a read and can be removed, must not depend on where the registry lives.</remarks>
public abstract class RegistryContract : IAsyncLifetime
{
    private Registry? _registry;

    /// <summary>The registry under test, over a fresh store.</summary>
    protected Registry Registry => _registry ?? throw new InvalidOperationException("Not initialized.");

    /// <summary>Makes a fresh, empty store.</summary>
    protected abstract Task<IRegistryStore> CreateStoreAsync();

    /// <inheritdoc />
    public async Task InitializeAsync() => _registry = new Registry(await CreateStoreAsync(), TimeProvider.System);

    /// <inheritdoc />
    public virtual Task DisposeAsync() => Task.CompletedTask;

    private static StoredDefinition Version(string name, string version, string step = "a") =>
        TestDefinitions.Workflow(name, $"  steps:\n    - {{ id: {step}, task: echo }}\n", version);

    [Fact]
    public async Task RegisterAsync_SameContentAgainAndOtherContent_IsIdempotentThenConflicts()
    {
        var (first, created) = await Registry.RegisterAsync(Version("orders", "1"), default);
        var (again, createdAgain) = await Registry.RegisterAsync(Version("orders", "1"), default);
        var conflict = await Assert.ThrowsAsync<ProblemException>(() => Registry.RegisterAsync(Version("orders", "1", "b"), default));

        Assert.Equal((true, false, first.Hash, true), (created, createdAgain, again.Hash, first.Active));
        Assert.Equal((409, "version-conflict"), (conflict.Status, conflict.Slug));
    }

    [Fact]
    public async Task ResolveAsync_ActiveNamedAndRetired_FollowsOneRule()
    {
        var one = Version("orders", "1");
        var two = Version("orders", "2", "b");
        await Registry.RegisterAsync(one, default);
        await Registry.RegisterAsync(two, default);

        Assert.Equal(one.Hash, (await Registry.ResolveAsync("workflow", "orders", null, default)).Definition!.Hash);
        Assert.Equal(two.Hash, (await Registry.ResolveAsync("workflow", "orders", "2", default)).Definition!.Hash);
        Assert.True(await Registry.RetireAsync("workflow", "orders", "1", default));

        var (none, why) = await Registry.ResolveAsync("workflow", "orders", null, default);
        var (named, retired) = await Registry.ResolveAsync("workflow", "orders", "1", default);
        Assert.Equal((null, null), (none, named));
        Assert.Contains("no active version", why, StringComparison.Ordinal);
        Assert.Contains("is retired", retired, StringComparison.Ordinal);
        Assert.Contains("No workflow 'nothing'", (await Registry.ResolveAsync("workflow", "nothing", null, default)).Problem, StringComparison.Ordinal);
        Assert.Contains("has no version '9'", (await Registry.ResolveAsync("workflow", "orders", "9", default)).Problem, StringComparison.Ordinal);
        Assert.Equal(two.Hash, (await Registry.ResolveAsync("workflow", "orders", "2", default)).Definition!.Hash);
    }

    [Fact]
    public async Task ActivateAsync_RetiredOrMissing_IsRefusedAndLiveOneIsActivated()
    {
        await Registry.RegisterAsync(Version("orders", "1"), default);
        await Registry.RegisterAsync(Version("orders", "2", "b"), default);
        await Registry.RetireAsync("workflow", "orders", "1", default);

        var retired = await Assert.ThrowsAsync<ProblemException>(() => Registry.ActivateAsync("workflow", "orders", "1", default));
        var missing = await Assert.ThrowsAsync<ProblemException>(() => Registry.ActivateAsync("workflow", "orders", "3", default));
        await Registry.ActivateAsync("workflow", "orders", "2", default);

        Assert.Equal((409, "version-retired", 404), (retired.Status, retired.Slug, missing.Status));
        Assert.Equal("2", Assert.Single(await Registry.ListAsync("workflow", "orders", default), e => e.Active).Version);
    }

    [Fact]
    public async Task EnsureForkableAsync_RetiredVersion_IsRefusedAndUnregisteredOrLiveIsAllowed()
    {
        await Registry.RegisterAsync(Version("orders", "1"), default);
        await Registry.EnsureForkableAsync("orders", "1", default);
        await Registry.EnsureForkableAsync("from-a-file", "1", default);
        await Registry.RetireAsync("workflow", "orders", "1", default);

        var refused = await Assert.ThrowsAsync<ProblemException>(() => Registry.EnsureForkableAsync("orders", "1", default));
        Assert.Equal((409, "version-retired"), (refused.Status, refused.Slug));
    }

    [Theory]
    [InlineData("a/b")]
    [InlineData("../x/9")]
    [InlineData("a\0b")]
    [InlineData("")]
    public async Task RegisterAsync_VersionOutsideItsAlphabet_Is400AndStoresNothing(string version)
    {
        var refused = await Assert.ThrowsAsync<ProblemException>(() => Registry.RegisterAsync(Version("orders", "1") with { Version = version }, default));

        Assert.Equal((400, "invalid-version"), (refused.Status, refused.Slug));
        Assert.Empty(await Registry.Store.ListRegistryAsync("workflow", null, default));
    }

    [Theory]
    [InlineData("a/b")]
    [InlineData("a\0b")]
    [InlineData("a?b#c")]
    public async Task ListAsync_EntryStoredWithABadVersionBeforeTheCheck_IsSkippedAndRetiringRemovesIt(string bad)
    {
        var good = Version("orders", "1");
        await Registry.RegisterAsync(good, default);
        await Registry.Store.RegisterAsync("workflow", "orders", bad, good.Hash, DateTimeOffset.UtcNow, default);

        Assert.Equal(["1"], (await Registry.ListAsync("workflow", null, default)).Select(e => e.Version));
        Assert.True(await Registry.RetireAsync("workflow", "orders", Uri.EscapeDataString(bad), default));
        Assert.DoesNotContain(await Registry.Store.ListRegistryAsync("workflow", "orders", default), e => e.Version == bad);
        Assert.Equal(good.Hash, (await Registry.ResolveAsync("workflow", "orders", null, default)).Definition!.Hash);
    }
}
