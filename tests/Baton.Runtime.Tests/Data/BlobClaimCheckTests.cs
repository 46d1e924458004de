using System.Text.Json.Nodes;
using Azure.Storage.Blobs;
using Baton.Core;
using Baton.Runtime.Data;
using Baton.Testing;

namespace Baton.Runtime.Tests.Data;

/// <summary>The claim check against Blob storage on Azurite, with the real Azure SDK client.</summary>
public sealed class BlobClaimCheckTests : IAsyncLifetime
{
    private BlobContainerClient _container = null!;
    private BlobClaimCheck _data = null!;

    public async Task InitializeAsync()
    {
        _container = new BlobContainerClient(await Azurite.ConnectionStringAsync(), "claim-" + Guid.NewGuid().ToString("N")[..12]);
        _data = new BlobClaimCheck(_container, threshold: 4096);
        await _data.EnsureAsync(default);
    }

    public async Task DisposeAsync() => await _container.DeleteIfExistsAsync();

    [Fact]
    public async Task OffloadAsync_ValueUnderTheThreshold_IsReturnedAsItIs()
    {
        var value = new JsonObject { ["a"] = 1, ["b"] = new string('x', 100) };
        Assert.Same(value, await _data.OffloadAsync("i1", value, default));
        Assert.Empty(await _data.ListAsync("i1", default));
    }

    [Fact]
    public async Task OffloadAsync_ObjectWithOneLargeField_KeepsTheSmallFieldsInlineAndInOrder()
    {
        var value = new JsonObject { ["id"] = 7, ["body"] = new string('x', 10_000), ["tag"] = "t" };

        var stored = (JsonObject)(await _data.OffloadAsync("i2", value, default))!;

        Assert.Equal(["id", "body", "tag"], stored.Select(p => p.Key));
        Assert.Equal(7, stored["id"]!.GetValue<int>());
        Assert.True(ValueReference.IsReference(stored["body"]));
        Assert.Equal(10_002, stored["body"]!["bytes"]!.GetValue<long>());
        Assert.True(JsonNode.DeepEquals(value, await _data.ResolveAsync("i2", stored, default)));
    }

    [Fact]
    public async Task OffloadAsync_ListOfManySmallItems_IsKeptWhole()
    {
        var value = new JsonArray([.. Enumerable.Range(0, 2000).Select(i => (JsonNode?)JsonValue.Create(i))]);

        var stored = await _data.OffloadAsync("i3", value, default);

        Assert.True(ValueReference.IsReference(stored));
        Assert.Equal(("list", 2000), (stored!["kind"]!.GetValue<string>(), ValueReference.Count(stored)));
        var resolved = await _data.ResolveAsync("i3", new JsonObject { ["wrapped"] = stored }, default);
        Assert.True(JsonNode.DeepEquals(value, resolved!["wrapped"]));
    }

    [Fact]
    public async Task OffloadAsync_SameValueTwice_StoresOneBlob()
    {
        var value = JsonValue.Create(new string('z', 8000));
        var first = await _data.OffloadAsync("i4", value, default);
        var second = await _data.OffloadAsync("i4", value, default);
        Assert.True(JsonNode.DeepEquals(first, second));
        Assert.Single(await _data.ListAsync("i4", default));
    }

    [Fact]
    public async Task ResolveAsync_BlobChangedAfterItWasWritten_IsRefused()
    {
        var stored = await _data.OffloadAsync("i5", JsonValue.Create(new string('a', 8000)), default);
        ValueReference.TryRead(stored, out var name, out _);
        await _container.GetBlobClient(name).UploadAsync(BinaryData.FromString($"\"{new string('b', 8000)}\""), overwrite: true);

        var ex = await Assert.ThrowsAsync<ClaimCheckException>(() => _data.ResolveAsync("i5", stored, default));
        Assert.Contains("does not match its hash", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ResolveAsync_ReferenceToAnotherInstance_IsRefused()
    {
        var stored = await _data.OffloadAsync("owner", JsonValue.Create(new string('a', 8000)), default);

        var ex = await Assert.ThrowsAsync<ClaimCheckException>(() => _data.ResolveAsync("other", stored, default));
        Assert.Contains("does not belong to instance 'other'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PurgeAsync_Instance_RemovesOnlyItsBlobs()
    {
        await _data.OffloadAsync("gone", JsonValue.Create(new string('a', 8000)), default);
        var kept = await _data.OffloadAsync("kept", JsonValue.Create(new string('b', 8000)), default);

        Assert.Equal(1, await _data.PurgeAsync("gone", default));

        Assert.Empty(await _data.ListAsync("gone", default));
        Assert.Equal(new string('b', 8000), (await _data.ResolveAsync("kept", kept, default))!.GetValue<string>());
        var ex = await Assert.ThrowsAsync<ClaimCheckException>(() => _data.ResolveAsync("gone", ValueReference.Create("instances/gone/values/x.json", "x", 1, "string"), default));
        Assert.Contains("no longer in container", ex.Message, StringComparison.Ordinal);
    }
}
