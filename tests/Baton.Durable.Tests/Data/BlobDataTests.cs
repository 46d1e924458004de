using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Baton.Core.Engine;
using Baton.Durable.Local;
using Baton.Durable.Tests.Conformance;
using Baton.Testing;
using Microsoft.Extensions.Logging;
using Baton.Abstractions;

namespace Baton.Durable.Tests.Data;

/// <summary>Step data over the claim-check threshold on the Durable backend over Azurite: kept in Blob storage,
/// referenced from history, read back for the next task and the output, and purged with the instance.</summary>
public sealed class BlobDataTests : IAsyncLifetime
{
    private const int FiveMegabytes = 5 * 1024 * 1024;
    private string _hub = "";
    private string _storage = "";
    private LocalDurableWorker _backend = null!;

    public async Task InitializeAsync()
    {
        _storage = await Azurite.ConnectionStringAsync();
        _hub = AzuriteDurableDriver.UniqueHub("blob");
        _backend = await LocalDurableWorker.StartAsync(
            new DurableSidecarOptions(_storage, _hub, "blob-data") { PartitionCount = 1, MaxQueuePollingInterval = TimeSpan.FromMilliseconds(200) },
            TestContexts.Of(Backends.Functions(), logging: LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Warning))), null, default);
    }

    public async Task DisposeAsync() => await _backend.DisposeAsync();

    private async Task<DurableInstance> RunAsync(string spec, string id, JsonNode? input = null)
    {
        await _backend.Workflows.StartAsync(new StartRequest(Backends.Workflow(id, spec), null, input, id), default);
        using var cts = new CancellationTokenSource(Backends.Patience);
        return await _backend.Workflows.WaitForCompletionAsync(id, cts.Token);
    }

    [Fact]
    public async Task Run_FiveMegabyteOutput_FlowsToTheNextStepWhileHistoryHoldsOnlyAReference()
    {
        var done = await RunAsync("""
              steps:
                - { id: make, task: big, input: { chars: 5242880 } }
                - { id: measure, task: measure, depends_on: [make], condition: "${steps.make.output.chars == 5242880}", input: { text: "${steps.make.output.text}" } }
              output:
                mapping: { length: "${steps.measure.output.length}", text: "${steps.make.output.text}" }
            """, "five-mb");

        Assert.Equal(InstanceStatus.Completed, done.Status);
        Assert.Equal(FiveMegabytes, done.Output!["length"]!.GetValue<int>());
        Assert.Equal(new string('x', FiveMegabytes), done.Output["text"]!.GetValue<string>());

        // History and the instance row hold the reference, never the 5 MB: no stored property comes near the value's
        // size, and the provider had no message so large that it had to move it to its own large-message blobs.
        var rows = await HistoryRowsAsync("five-mb");
        Assert.NotEmpty(rows);
        var texts = rows.SelectMany(r => r.Keys.Select(k => r[k])).OfType<string>().ToList();
        var largest = texts.Max(s => s.Length);
        Assert.True(largest < 8 * 1024, $"A history property holds {largest} characters.");
        Assert.Contains(texts, s => s.Contains(Core.ValueReference.Marker, StringComparison.Ordinal));
        Assert.Equal(0, await LargeMessageBytesAsync());
        Assert.Single(await _backend.Workflows.Data!.ListAsync("five-mb", default));
    }

    [Fact]
    public async Task Purge_InstanceWithBlobData_RemovesHistoryAndBlobs()
    {
        var done = await RunAsync("""
              steps:
                - { id: make, task: big, input: { chars: 100000 } }
              output:
                mapping: { text: "${steps.make.output.text}" }
            """, "purged", new JsonObject { ["payload"] = new string('y', 80_000) });
        Assert.Equal(InstanceStatus.Completed, done.Status);
        // The input's large field and the task's large output: two blobs, both the instance's.
        Assert.Equal(2, (await _backend.Workflows.Data!.ListAsync("purged", default)).Count);

        Assert.True(await _backend.Workflows.PurgeAsync("purged", default));

        Assert.Empty(await _backend.Workflows.Data.ListAsync("purged", default));
        Assert.Null(await _backend.Workflows.GetAsync("purged", default));
    }

    [Fact]
    public async Task Run_ExpressionLooksInsideAClaimCheckedValue_FailsSayingWhatToDo()
    {
        var done = await RunAsync("""
              steps:
                - { id: make, task: big, input: { chars: 100000 } }
                - { id: count, task: echo, depends_on: [make], input: { n: "${len(steps.make.output.text)}" } }
            """, "opened");

        Assert.Equal(InstanceStatus.Failed, done.Status);
        Assert.Contains("claim-check threshold", done.Error!.Message, StringComparison.Ordinal);
        Assert.Contains("len(steps.make.output.text)", done.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_ReferenceToAnotherInstancesData_IsRefusedAtTheStartAndFailsAStepThatMeetsIt()
    {
        await RunAsync("""
              steps:
                - { id: make, task: big, input: { chars: 100000 } }
              output:
                mapping: { text: "${steps.make.output.text}" }
            """, "victim");
        var stolen = (await _backend.Workflows.Data!.ListAsync("victim", default)).Single();
        var forged = Core.ValueReference.Create(stolen, Path.GetFileNameWithoutExtension(stolen), 100_002, "string");

        await Assert.ThrowsAsync<InvalidInputException>(() => RunAsync("  steps:\n    - { id: leak, task: echo }\n", "thief", new JsonObject { ["ref"] = forged.DeepClone() }));
        Assert.Null(await _backend.Workflows.GetAsync("thief", default));

        // Past the front door (event data raised on the backend itself), the read-back still refuses another instance's data.
        await _backend.Workflows.StartAsync(new StartRequest(Backends.Workflow("sneak", """
              steps:
                - { id: wait, type: event, event: delivery }
                - { id: leak, task: echo, depends_on: [wait], input: { got: "${steps.wait.output.ref}" } }
            """), null, null, "sneak"), default);
        await _backend.Workflows.RaiseEventAsync("sneak", "delivery", new JsonObject { ["ref"] = forged.DeepClone() }, default);
        using var cts = new CancellationTokenSource(Backends.Patience);
        var done = await _backend.Workflows.WaitForCompletionAsync("sneak", cts.Token);

        Assert.Equal(InstanceStatus.Failed, done.Status);
        Assert.Equal("DataUnavailable", done.Error!.Code);
        Assert.Contains("does not belong to instance 'sneak'", done.Error.Message, StringComparison.Ordinal);
    }

    private async Task<List<TableEntity>> HistoryRowsAsync(string instanceId)
    {
        var rows = new List<TableEntity>();
        foreach (var table in new[] { $"{_hub}History", $"{_hub}Instances" })
        {
            await foreach (var row in new TableClient(_storage, table).QueryAsync<TableEntity>(e => e.PartitionKey == instanceId))
            {
                rows.Add(row);
            }
        }
        return rows;
    }

    private async Task<long> LargeMessageBytesAsync()
    {
        var container = new BlobContainerClient(_storage, $"{_hub.ToLowerInvariant()}-largemessages");
        if (!await container.ExistsAsync())
        {
            return 0;
        }
        long bytes = 0;
        await foreach (var blob in container.GetBlobsAsync())
        {
            bytes += blob.Properties.ContentLength ?? 0;
        }
        return bytes;
    }
}
