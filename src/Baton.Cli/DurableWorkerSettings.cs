using Baton.Runtime.Data;
using Baton.Durable.Local;
using Baton.Runtime.Composition;
using Microsoft.Extensions.DependencyInjection;

namespace Baton.Cli;

/// <summary>Starts this process as a worker on the Durable backend (a sidecar over Azure Storage), from the app settings.</summary>
/// <remarks>Settings: <c>AzureWebJobsStorage</c> (default <c>UseDevelopmentStorage=true</c>, Azurite on its standard ports),
/// the hub (host.json <c>hubName</c>, else <c>BATON_TASK_HUB</c>, default <c>BatonHub</c>), <c>BATON_WORKER_ID</c> (default host name and pid),
/// <c>BATON_DATA_THRESHOLD</c> (bytes of step data above which it is kept in Blob storage; default 32768),
/// <c>BATON_WORKER_POOLS</c> (the worker pools this process serves, e.g. <c>gpu=2</c>), <c>BATON_DATA_CONTAINER</c> (the hub's
/// Blob container; default <c>baton-{hub}</c>, and a worker joining a function app's hub names the app's).</remarks>
internal static class DurableWorkerSettings
{
    public static string Storage => CliSettings.Current.AppSetting("AzureWebJobsStorage") is { Length: > 0 } s ? s : "UseDevelopmentStorage=true";

    public static string Hub => CliSettings.Current.HubName;

    public static async Task<LocalDurableWorker> StartAsync(CancellationToken ct)
    {
        try
        {
            return await LocalDurableWorker.StartAsync(Options(), CliSettings.Context, null, ct)
                .ConfigureAwait(false);
        }
        catch (StorageUnavailableException ex)
        {
            throw Unreachable(ex);
        }
    }

    /// <summary>The Durable backend over a client of the hub that runs no work (for reading and managing instances).</summary>
    public static async Task<Durable.DurableBackend> ClientAsync(CancellationToken ct)
    {
        var options = Options() with { ClientOnly = true };
        try
        {
            var worker = await LocalDurableWorker.StartAsync(options, CliSettings.Context, null, ct)
                .ConfigureAwait(false);
            return new Durable.DurableBackend(worker.Connection(options));
        }
        catch (StorageUnavailableException ex)
        {
            throw Unreachable(ex);
        }
    }

    /// <summary>The Durable backend for <c>baton serve --backend durable</c>, unstarted: the host starts it, and its worker with it.</summary>
    public static Durable.DurableBackend ForServe(IServiceProvider services) =>
        DurableTaskBackendServices.Local(Options(), services.GetRequiredService<BatonContext>());

    /// <summary>The error for storage that cannot be reached, with how to start Azurite.</summary>
    public static CliError Unreachable(StorageUnavailableException ex) =>
        new(ex.Message, ExitCodes.Error, ["Start Azurite on its standard ports: bash eng/azurite/start.sh .baton/azurite --persist 10000 10001 10002", "or set AzureWebJobsStorage to a storage account."]);

    private static DurableSidecarOptions Options()
    {
        var worker = CliSettings.Current.WorkerId ?? $"{Environment.MachineName}-{Environment.ProcessId}";
        return new DurableSidecarOptions(Storage, Hub, worker)
        {
            MaxQueuePollingInterval = TimeSpan.FromMilliseconds(500),
            DataThreshold = CliSettings.Current.DataThreshold,
            Pools = CliSettings.Current.WorkerPools,
            DataContainer = CliSettings.Current.DataContainer,
        };
    }
}
