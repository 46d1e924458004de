using System.Diagnostics;
using Baton.Abstractions;
using Baton.Embedded;
using Baton.Runtime.Composition;
using Baton.Runtime.Pools;
using Baton.Runtime.Runners;
using Baton.Storage.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace Baton.Bench;

/// <summary>A burst of one-step workflows on the image chain's Node.js detect image, run two ways in the same run: one container
/// per attempt (the baseline), and a service pool of up to four replicas taking the attempts from an Azurite queue.</summary>
/// <remarks>Both use the embedded hub, the same image, format (protobuf) and input; the pool's time includes starting its
/// replicas from none. Needs podman (eng/containers/podman.sh) and Azurite (eng/azurite/start.sh).</remarks>
internal static class PoolScenarios
{
    private const string Image = "localhost/image-chain-detect:1";

    public sealed record Result(int Attempts, double PerAttemptSeconds, double PoolSeconds, int Replicas);

    public static async Task<Result> RunAsync(string root, int attempts)
    {
        var dir = Directory.CreateTempSubdirectory("baton-bench-pool-").FullName;
        var (dockerHost, enginePid) = await ContainerScenarios.StartEngineAsync(root, dir);
        var (storage, azuritePid) = await StartAzuriteAsync(root, Path.Combine(dir, "azurite"));
        try
        {
            await ScriptAsync(root, "examples/image-chain/detect/image.sh");
            var settings = new Dictionary<string, string?> { ["DOCKER_HOST"] = dockerHost, [ServicePoolQueues.StorageSetting] = storage, [PoolService.IntervalSetting] = "200ms" };
            var perAttempt = await BurstAsync(Path.Combine(dir, "one.db"), settings, attempts, pooled: false);
            var pool = await BurstAsync(Path.Combine(dir, "pool.db"), settings, attempts, pooled: true);
            return new Result(attempts, perAttempt, pool, 4);
        }
        finally
        {
            foreach (var pid in new[] { azuritePid, enginePid })
            {
                using var process = Process.GetProcessById(pid);
                process.Kill(entireProcessTree: true);
            }
            Directory.Delete(dir, recursive: true);
        }
    }

    private static async Task<double> BurstAsync(string db, Dictionary<string, string?> settings, int attempts, bool pooled)
    {
        var functions = FunctionRegistry.WithBuiltIns(TimeProvider.System);
        Func<string, string?> appSetting = name => settings.GetValueOrDefault(name);
        using var containers = new ContainerRunner(appSetting);
        await using var hub = new EmbeddedBackend(new SqliteTaskHubStore(new SqliteStoreOptions(db)), new EmbeddedBackendOptions(),
            new TaskExecutor(functions, [new FunctionRunner(functions), new PoolRunner(appSetting), containers], TimeProvider.System), TimeProvider.System, IdSource.Random);
        await hub.StartAsync(default);
        using var pools = new PoolService(hub, new BatonContext(TimeProvider.System, IdSource.Random, NullLoggerFactory.Instance, functions, appSetting));
        await pools.StartAsync(default);
        var pool = pooled ? ", pool: { min: 0, max: 4, target_per_replica: 5, scale_down_after: 5s }" : "";
        var workflow = ContainerScenarios.Stored("workflow", "apiVersion: baton.dev/v1\nkind: Workflow\nmetadata: { name: detect-burst }\nspec:\n  steps:\n" +
            "    - { id: d, task: detect, input: { resized_image_url: \"blob://cat\" } }\n");
        var catalog = ContainerScenarios.Stored("catalog", $"apiVersion: baton.dev/v1\nkind: Catalog\ntasks:\n  detect: {{ runner: container, image: \"{Image}\", format: protobuf{pool} }}\n");
        var sw = Stopwatch.StartNew();
        var ids = await Task.WhenAll(Enumerable.Range(0, attempts).Select(_ => hub.StartInstanceAsync(new StartRequest(workflow, catalog, null), default)));
        foreach (var id in ids)
        {
            var final = await hub.WaitForCompletionAsync(id, default);
            if (final.Status != Baton.Core.Engine.InstanceStatus.Completed)
            {
                throw new InvalidOperationException($"The detect workflow ended {final.Status}: {final.Error?.Message}");
            }
        }
        var seconds = sw.Elapsed.TotalSeconds;
        await pools.StopAsync(default); // drains the replicas
        return seconds;
    }

    private static async Task<(string Connection, int Pid)> StartAzuriteAsync(string root, string dir)
    {
        var connection = await ScriptAsync(root, "eng/azurite/start.sh", dir);
        return (connection, int.Parse(File.ReadAllText(Path.Combine(dir, "azurite.pid")).Trim(), System.Globalization.CultureInfo.InvariantCulture));
    }

    private static async Task<string> ScriptAsync(string root, string script, params string[] args)
    {
        var psi = new ProcessStartInfo("bash", [Path.Combine(root, script), .. args]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{script} failed: {await stderr}");
        }
        return (await stdout).Trim().Split('\n')[^1];
    }
}
