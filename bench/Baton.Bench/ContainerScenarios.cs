using System.Diagnostics;
using Baton.Embedded;
using Baton.Runtime.Runners;
using Baton.Storage.Sqlite;
using Baton.Abstractions;

namespace Baton.Bench;

/// <summary>A one-container-step workflow on the embedded hub beside raw <c>podman run --rm</c> of the same image and command.</summary>
/// <remarks>Starts podman's Docker API with eng/containers/podman.sh (installing podman if missing), so the
/// runner and the baseline use the same engine, image and configuration.</remarks>
internal static class ContainerScenarios
{
    private const string Image = "localhost/baton-busybox:1";

    public static async Task<(double BatonP50, double RawP50)> RunAsync(string root, int runs)
    {
        var dir = Directory.CreateTempSubdirectory("baton-bench-podman-").FullName;
        var (dockerHost, servicePid) = await StartEngineAsync(root, dir);
        try
        {
            var raw = new List<double>();
            for (var i = 0; i < runs; i++)
            {
                var sw = Stopwatch.StartNew();
                await RunPodmanAsync(dir, "run", "--rm", "--network", "none", Image, "sh", "-c", "echo {}");
                raw.Add(sw.Elapsed.TotalMilliseconds);
            }
            var baton = await BatonAsync(dockerHost, dir, runs);
            return (Median(baton), Median(raw));
        }
        finally
        {
            using (var service = Process.GetProcessById(servicePid))
            {
                service.Kill(entireProcessTree: true);
            }
            Directory.Delete(dir, recursive: true);
        }
    }

    private static async Task<List<double>> BatonAsync(string dockerHost, string dir, int runs)
    {
        var functions = FunctionRegistry.WithBuiltIns(TimeProvider.System);
        using var runner = new ContainerRunner(name => name == "DOCKER_HOST" ? dockerHost : null);
        await using var hub = new EmbeddedBackend(new SqliteTaskHubStore(new SqliteStoreOptions(Path.Combine(dir, "bench.db"))),
            new EmbeddedBackendOptions(), new TaskExecutor(functions, [new FunctionRunner(functions), runner], TimeProvider.System), TimeProvider.System, IdSource.Random);
        await hub.StartAsync(default);
        var workflow = Stored("workflow", "apiVersion: baton.dev/v1\nkind: Workflow\nmetadata: { name: one-container }\nspec:\n  steps:\n    - { id: c, task: box }\n");
        var catalog = Stored("catalog", $"apiVersion: baton.dev/v1\nkind: Catalog\ntasks:\n  box: {{ runner: container, image: \"{Image}\", command: [sh, -c, \"echo {{}}\"] }}\n");
        var times = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            var sw = Stopwatch.StartNew();
            var id = await hub.StartInstanceAsync(new StartRequest(workflow, catalog, null), default);
            var final = await hub.WaitForCompletionAsync(id, default);
            if (final.Status != Baton.Core.Engine.InstanceStatus.Completed)
            {
                throw new InvalidOperationException($"The container workflow ended {final.Status}: {final.Error?.Message}");
            }
            times.Add(sw.Elapsed.TotalMilliseconds);
        }
        return times;
    }

    internal static async Task<(string DockerHost, int Pid)> StartEngineAsync(string root, string dir)
    {
        var psi = new ProcessStartInfo("bash", [Path.Combine(root, "eng", "containers", "podman.sh"), dir]) { RedirectStandardOutput = true };
        using var script = Process.Start(psi)!;
        var host = (await script.StandardOutput.ReadToEndAsync()).Trim();
        await script.WaitForExitAsync();
        if (script.ExitCode != 0)
        {
            throw new InvalidOperationException("eng/containers/podman.sh could not start the container engine.");
        }
        return (host, int.Parse(File.ReadAllText(Path.Combine(dir, "podman.pid")).Trim(), System.Globalization.CultureInfo.InvariantCulture));
    }

    private static async Task RunPodmanAsync(string dir, params string[] args)
    {
        var psi = new ProcessStartInfo("podman", args) { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.Environment["CONTAINERS_CONF"] = Path.Combine(dir, "containers.conf");
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException($"podman {string.Join(' ', args)} failed: {await stderr}");
        }
        await stdout;
    }

    internal static StoredDefinition Stored(string kind, string text) =>
        new(ContentHash.Of(text), kind, kind, "1", kind + ".yaml", text);

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted[sorted.Length / 2];
    }
}
