using System.Diagnostics;
using Baton.Testing;

namespace Baton.Cli.Tests;

/// <summary>Runs the real <c>baton</c> executable as a child process.</summary>
internal static class BatonProcess
{
    public static string RepoRoot => RepoPaths.Root;

    /// <summary>The CLI's own build output: same configuration and framework as this test assembly.</summary>
    public static string Dll { get; } = FindDll();

    public sealed record Result(int ExitCode, string Stdout, string Stderr);

    public static Process Start(string workingDirectory, params string[] args) => Start(workingDirectory, null, args);

    public static Process Start(string workingDirectory, IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        psi.ArgumentList.Add(Dll);
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }
        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        foreach (var (k, v) in environment ?? new Dictionary<string, string>())
        {
            psi.Environment[k] = v;
        }
        return Process.Start(psi)!;
    }

    public static Task<Result> RunAsync(string workingDirectory, params string[] args) => RunAsync(workingDirectory, null, args);

    public static async Task<Result> RunAsync(string workingDirectory, IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        using var p = Start(workingDirectory, environment, args);
        return await CollectAsync(p);
    }

    public static async Task<Result> CollectAsync(Process p)
    {
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            await p.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            // A command that hangs must not outlive the test that started it.
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"baton did not exit within 2 minutes: {string.Join(' ', p.StartInfo.ArgumentList)}");
        }
        return new Result(p.ExitCode, await stdout, await stderr);
    }

    private static string FindDll()
    {
        var here = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var framework = here.Name;
        var configuration = here.Parent!.Name;
        var dll = Path.Combine(RepoRoot, "src", "Baton.Cli", "bin", configuration, framework, "baton.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException($"Build src/Baton.Cli first; {dll} is missing.");
    }
}
