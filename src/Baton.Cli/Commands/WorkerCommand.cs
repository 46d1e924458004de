using System.CommandLine;

namespace Baton.Cli.Commands;

/// <summary><c>baton worker</c>: joins this process to a Durable task hub as a worker, until stopped.</summary>
/// <remarks>Any number of workers may share a hub; they split its partitions and take over the partitions of a worker
/// that dies once its leases expire. Instances are started by <c>baton run --backend durable</c> or the function app.</remarks>
internal static class WorkerCommand
{
    public static Command Create()
    {
        var cmd = new Command("worker", "Run this process as a worker of the Durable backend's task hub (Azure Storage or Azurite).");
        cmd.SetAction((parse, ct) => CliRunner.Run(async () =>
        {
            await using var backend = await DurableWorkerSettings.StartAsync(ct).ConfigureAwait(false);
            Console.Error.WriteLine($"baton: worker on task hub {DurableWorkerSettings.Hub}; press Ctrl+C to stop (its partitions move to the other workers)");
            try
            {
                await Task.Delay(Timeout.Infinite, ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Ctrl+C.
            }
            return ExitCodes.Ok;
        }));
        return cmd;
    }
}
