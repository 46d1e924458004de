using System.Diagnostics;

namespace Baton.Testing;

/// <summary>Starts a real local service through one of the repository's scripts (which prints the service's address
/// once it answers and writes its pid to DIR/NAME.pid), and stops it when the test process exits: at once on a normal
/// exit, and within a couple of seconds through the script's watchdog when the process is killed.</summary>
/// <remarks>Never skipped: when the service cannot start, the test that needs it fails with the script's reason.</remarks>
public static class ServiceScript
{
    /// <summary>Runs <c>bash eng/{script} DIR</c> and returns what it printed, trimmed.</summary>
    public static async Task<string> StartAsync(string script, string name)
    {
        var dir = Directory.CreateTempSubdirectory($"baton-{name}-").FullName;
        var psi = new ProcessStartInfo("bash", [Path.Combine(RepoPaths.Root, "eng", script), dir])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            // The script starts a watchdog that stops the service once this process is gone: the test runner may kill
            // its test host without running exit handlers, and a killed run must not leave services behind.
            Environment = { ["BATON_WATCH_PID"] = Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture) },
        };
        using var process = Process.Start(psi) ?? throw new InvalidOperationException("bash did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{name} could not start (eng/{script} exited {process.ExitCode}): {await stderr.ConfigureAwait(false)}");
        }
        var pid = int.Parse(File.ReadAllText(Path.Combine(dir, $"{name}.pid")).Trim(), System.Globalization.CultureInfo.InvariantCulture);
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
