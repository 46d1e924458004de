using Baton.Abstractions;
using Baton.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Baton.Embedded.Tests.Store;

/// <summary>A start by name trusts the registry listing it read for <see cref="Registry.ListingLifetime"/>: changes made through
/// the same registry are seen at once, changes made through another process's registry on the same store within that time.</summary>
public sealed class RegistryListingTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 7, 12, 0, 0, TimeSpan.Zero));
    private readonly InMemoryRegistryStore _store = new();

    private static StoredDefinition Version(string version) => TestDefinitions.Workflow("orders", $"  steps:\n    - {{ id: s{version}, task: echo }}\n", version);

    private async Task<string?> ActiveAsync(Registry registry) => (await registry.ResolveAsync("workflow", "orders", null, default)).Definition?.Version;

    [Fact]
    public async Task ResolveAsync_ActivatedThroughThisRegistry_IsSeenAtOnce()
    {
        var registry = new Registry(_store, _clock);
        await registry.RegisterAsync(Version("1"), default);
        await registry.RegisterAsync(Version("2"), default);
        Assert.Equal("1", await ActiveAsync(registry));

        await registry.ActivateAsync("workflow", "orders", "2", default);

        Assert.Equal("2", await ActiveAsync(registry));
        await registry.RetireAsync("workflow", "orders", "2", default);
        Assert.Null(await ActiveAsync(registry));
    }

    [Fact]
    public async Task ResolveAsync_ActivatedThroughAnotherProcess_IsSeenOnceTheListingLifetimeHasPassed()
    {
        var here = new Registry(_store, _clock);
        var elsewhere = new Registry(_store, _clock);
        await here.RegisterAsync(Version("1"), default);
        await here.RegisterAsync(Version("2"), default);
        Assert.Equal("1", await ActiveAsync(here));

        await elsewhere.ActivateAsync("workflow", "orders", "2", default);
        var before = await ActiveAsync(here);
        _clock.Advance(Registry.ListingLifetime);
        var after = await ActiveAsync(here);

        Assert.Equal(("1", "2"), (before, after));
    }
}
