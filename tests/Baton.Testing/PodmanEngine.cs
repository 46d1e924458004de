using System.Diagnostics;

namespace Baton.Testing;

/// <summary>A real container engine for tests: podman's Docker-compatible API, started once per test process by
/// <c>eng/containers/podman.sh</c> (which installs podman when it is missing) and stopped when the process exits.</summary>
/// <remarks>Never skipped: when the engine cannot start, the tests that need it fail with the script's reason.</remarks>
public static class PodmanEngine
{
    /// <summary>The local image every container test uses: busybox with its applets on PATH.</summary>
    public const string Image = "localhost/baton-busybox:1";

    private static readonly Lazy<Task<string>> Started = new(StartAsync);

    /// <summary>The engine's address for DOCKER_HOST (unix:///.../podman.sock), once it answers.</summary>
    public static Task<string> DockerHostAsync() => Started.Value;

    private static async Task<string> StartAsync()
    {
        var dir = Directory.CreateTempSubdirectory("baton-podman-").FullName;
        var psi = new ProcessStartInfo("bash", [Path.Combine(RepoPaths.Root, "eng", "containers", "podman.sh"), dir])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var script = Process.Start(psi) ?? throw new InvalidOperationException("bash did not start.");
        var stdout = script.StandardOutput.ReadToEndAsync();
        var stderr = script.StandardError.ReadToEndAsync();
        await script.WaitForExitAsync().ConfigureAwait(false);
        if (script.ExitCode != 0)
        {
            throw new InvalidOperationException($"The container engine could not start (eng/containers/podman.sh exited {script.ExitCode}): {await stderr.ConfigureAwait(false)}");
        }
        var pid = int.Parse(File.ReadAllText(Path.Combine(dir, "podman.pid")).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Stop(pid, dir);
        return (await stdout.ConfigureAwait(false)).Trim();
    }

    private static void Stop(int pid, string dir)
    {
        try
        {
            using var service = Process.GetProcessById(pid);
            service.Kill(entireProcessTree: true);
            service.WaitForExit(5000);
        }
        catch (ArgumentException)
        {
            // Already gone.
        }
        try
        {
            Directory.Delete(dir, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a temp folder.
        }
    }
}
