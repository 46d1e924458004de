using System.Diagnostics;
using System.Text;

namespace Baton.Ui.Tests;

/// <summary>Runs the UI's Node.js tools (from ui/node_modules, installed by <c>npm ci</c>) and gives back what they printed.</summary>
internal static class UiTool
{
    /// <summary>The repository's root (where Functions.sln is).</summary>
    public static string RepoRoot { get; } = FindRoot();

    /// <summary>The UI's folder.</summary>
    public static string UiDir => Path.Combine(RepoRoot, "ui");

    /// <summary>Runs <c>node &lt;script&gt; args</c> in ui/; fails the test when Node.js or the packages are missing.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(string script, IEnumerable<string> args, IReadOnlyDictionary<string, string>? env = null, TimeSpan? timeout = null)
    {
        var path = Path.Combine(UiDir, "node_modules", script);
        Assert.True(File.Exists(path), $"{path} is missing: run `npm ci` in ui/ (.ci/run does) before these tests.");
        var psi = new ProcessStartInfo("node") { WorkingDirectory = UiDir, RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(path);
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }
        psi.Environment["NO_COLOR"] = "1";
        psi.Environment["CI"] = "1";
        foreach (var (k, v) in env ?? new Dictionary<string, string>())
        {
            psi.Environment[k] = v;
        }
        using var process = Process.Start(psi) ?? throw new InvalidOperationException("node could not start.");
        var output = new StringBuilder();
        var lockObject = new Lock();
        void Append(string? line)
        {
            if (line is not null)
            {
                lock (lockObject)
                {
                    output.AppendLine(line);
                }
            }
        }
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(5));
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"node {script} {string.Join(' ', args)} did not finish in time:\n{output}");
        }
        return (process.ExitCode, output.ToString());
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Functions.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("The repository root (Functions.sln) was not found above the test's folder.");
    }
}
