using System.Text.Json.Nodes;
using Azure.Storage.Blobs;
using Baton.Core.Engine;
using Baton.Runtime.Data;
using Baton.Runtime.Runners;
using Baton.Testing;

namespace Baton.Embedded.Tests;

/// <summary>The embedded hub with a Blob store for step data (Azurite): data over the threshold is kept in Blob storage,
/// only references reach the database, tasks and the API see the whole values, and purging removes the blobs.</summary>
public sealed class EmbeddedBackendBlobDataTests : IDisposable
{
    private const int Megabyte = 1024 * 1024;
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static FunctionRegistry Functions() => FunctionRegistry.WithBuiltIns(TimeProvider.System)
        .Register("big", ctx => new JsonObject { ["text"] = new string('x', ctx.Input!["chars"]!.GetValue<int>()), ["chars"] = ctx.Input["chars"]!.GetValue<int>() })
        .Register("measure", ctx => new JsonObject { ["length"] = ctx.Input!["text"]!.GetValue<string>().Length });

    private static async Task<BlobClaimCheck> DataAsync() =>
        new(new BlobContainerClient(await Azurite.ConnectionStringAsync(), "hubdata" + Guid.NewGuid().ToString("N")[..12]), threshold: 4096);

    [Fact]
    public async Task Run_MegabyteOutput_FlowsToTheNextStepWhileTheDatabaseHoldsOnlyAReference()
    {
        var data = await DataAsync();
        await using var h = await HubHarness.StartAsync(_dir, Functions(), options: new EmbeddedBackendOptions { Data = data });

        var final = await h.RunAsync(HubHarness.Definition("""
              steps:
                - { id: make, task: big, input: { chars: 1048576 } }
                - { id: measure, task: measure, depends_on: [make], condition: "${steps.make.output.chars == 1048576}", input: { text: "${steps.make.output.text}" } }
              output:
                mapping: { length: "${steps.measure.output.length}", text: "${steps.make.output.text}" }
            """), new JsonObject { ["note"] = new string('n', 10_000) }, "mb");

        Assert.Equal(InstanceStatus.Completed, final.Status);
        Assert.Equal(Megabyte, final.Output!["length"]!.GetValue<int>());
        // State and history hold references; the whole values are read back for the API and the CLI.
        Assert.Contains(Core.ValueReference.Marker, final.Output.ToJsonString(), StringComparison.Ordinal);
        var output = await h.Hub.ReadValueAsync("mb", final.Output, default);
        Assert.Equal(new string('x', Megabyte), output!["text"]!.GetValue<string>());
        Assert.Equal(new string('n', 10_000), (await h.Hub.ReadValueAsync("mb", final.Input, default))!["note"]!.GetValue<string>());
        var history = await h.HistoryAsync("mb");
        Assert.True(history.Max(e => e.Event.Length) < 8 * 1024, $"A history event holds {history.Max(e => e.Event.Length)} characters.");
        Assert.Contains(history, e => e.Event.Contains(Core.ValueReference.Marker, StringComparison.Ordinal));
        Assert.True(new FileInfo(h.DbPath).Length < Megabyte, "The database holds the megabyte.");
        // The start's input and make's output: two blobs, both this instance's.
        Assert.Equal(2, (await data.ListAsync("mb", default)).Count);

        Assert.True(await h.Hub.PurgeAsync("mb", default));

        Assert.Empty(await data.ListAsync("mb", default));
    }

    [Fact]
    public async Task ReadValueAsync_ReferenceToAnotherInstancesData_ShowsItWithItsErrorInsteadOfFailing()
    {
        var data = await DataAsync();
        await using var h = await HubHarness.StartAsync(_dir, Functions(), options: new EmbeddedBackendOptions { Data = data });
        var final = await h.RunAsync(HubHarness.Definition("  steps:\n    - { id: make, task: big, input: { chars: 20000 } }\n"), null, "owner");
        var foreign = new JsonObject { ["mine"] = 1, ["theirs"] = final.Steps["make"].Output!["text"]!.DeepClone() };

        var shown = await h.Hub.ReadValueAsync("reader", foreign, default);

        Assert.Equal(1, shown!["mine"]!.GetValue<int>());
        Assert.Contains("does not belong to instance 'reader'", shown["theirs"]!["error"]!.GetValue<string>(), StringComparison.Ordinal);
        await Assert.ThrowsAsync<ClaimCheckException>(() => BlobClaimCheck.ReadBackAsync(data, "reader", foreign, default));
    }

    [Fact]
    public async Task PurgeAsync_ByQuery_RemovesEachFinishedInstancesBlobs()
    {
        var data = await DataAsync();
        await using var h = await HubHarness.StartAsync(_dir, Functions(), options: new EmbeddedBackendOptions { Data = data });
        var workflow = HubHarness.Definition("  steps:\n    - { id: make, task: big, input: { chars: 20000 } }\n", "bulky");
        await h.RunAsync(workflow, null, "one");
        await h.RunAsync(workflow, null, "two");
        Assert.Single(await data.ListAsync("one", default));

        var purged = await h.Hub.PurgeAsync(new Baton.Abstractions.InstanceQuery(WorkflowName: "bulky", MaxCount: 100), default);

        Assert.Equal(2, purged);
        Assert.Empty(await data.ListAsync("one", default));
        Assert.Empty(await data.ListAsync("two", default));
        Assert.Null(await h.Hub.GetStateAsync("two", default));
    }

    [Fact]
    public async Task StartAsync_BlobStoreUnreachable_FailsWithHowToStartAzurite()
    {
        var unreachable = new BlobClaimCheck(new BlobContainerClient(
            "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;BlobEndpoint=http://127.0.0.1:9/devstoreaccount1;",
            "data", new BlobClientOptions { Retry = { MaxRetries = 0, NetworkTimeout = TimeSpan.FromSeconds(5) } }));

        var ex = await Assert.ThrowsAsync<StorageUnavailableException>(() => HubHarness.StartAsync(_dir, Functions(), options: new EmbeddedBackendOptions { Data = unreachable }));

        Assert.Contains("127.0.0.1:9", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Azurite", ex.Message, StringComparison.Ordinal);
    }
}
