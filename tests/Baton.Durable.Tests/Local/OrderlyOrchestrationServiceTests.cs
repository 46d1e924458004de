using System.Net.Sockets;
using Baton.Durable.Local;
using Baton.Durable.Tests.Conformance;
using Baton.Testing;
using DurableTask.AzureStorage;

namespace Baton.Durable.Tests.Local;

/// <summary>Start and stop of the sidecar's orchestration service in any order, on the real Azure Storage provider over
/// Azurite: a stop before or during a start must neither throw nor leave the provider running.</summary>
public sealed class OrderlyOrchestrationServiceTests
{
    private static async Task<AzureStorageOrchestrationService> ProviderAsync() =>
        new(new AzureStorageOrchestrationServiceSettings
        {
            StorageAccountClientProvider = new StorageAccountClientProvider(await Azurite.ConnectionStringAsync()),
            TaskHubName = AzuriteDurableDriver.UniqueHub("orderly"),
            PartitionCount = 1,
        });

    [Fact]
    public async Task StopAsync_BeforeAnyStart_CompletesAndLaterStartIsRefused()
    {
        using var provider = await ProviderAsync();
        await provider.CreateIfNotExistsAsync();
        var service = new OrderlyOrchestrationService(provider);

        await service.StopAsync();
        var start = service.StartAsync();

        Assert.True(start.IsCompletedSuccessfully);
        // Had the provider been started, a second start on it would be refused as "already started".
        await provider.StartAsync();
        await provider.StopAsync();
    }

    [Fact]
    public async Task StopAsync_WhileStartUnderway_WaitsForStartThenStopsProvider()
    {
        using var provider = await ProviderAsync();
        var service = new OrderlyOrchestrationService(provider);

        var start = service.StartAsync();
        var stop = service.StopAsync(isForced: true);
        await Task.WhenAll(start, stop);

        // The provider was stopped, so it may be started again (a running one refuses a second start).
        await provider.StartAsync();
        await provider.StopAsync();
    }

    [Fact]
    public async Task DisposeAsync_BackendStoppedRightAfterStart_ClosesPortWithoutCrashing()
    {
        var storage = await Azurite.ConnectionStringAsync();
        for (var round = 0; round < 3; round++)
        {
            // A worker connects as the backend starts, so the sidecar starts its provider just as it is told to stop:
            // the order in which a stop used to reach the provider before its start had finished.
            var options = new DurableSidecarOptions(storage, AzuriteDurableDriver.UniqueHub("orderly"), "short-lived") { PartitionCount = 1 };
            var backend = await LocalDurableWorker.StartAsync(options, TestContexts.Of(Backends.Functions()), null, default);
            var address = backend.Address;
            await backend.DisposeAsync();

            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            await Assert.ThrowsAsync<SocketException>(async () => await socket.ConnectAsync(address.Host, address.Port));
        }
        // The stop callback runs on the thread pool; give a failing one time to end the process, as it did before.
        await Task.Delay(TimeSpan.FromSeconds(1));
    }
}
