using System.Diagnostics;

namespace Baton.Cli.Tests.Examples;

/// <summary>An example's Node.js service as a real process, started once it says it is listening and killed at the end of the test.</summary>
internal sealed class NodeService(Process process) : IDisposable
{
    /// <summary>Starts <c>node script args</c> with the given environment and waits for its "listening" line on stdout.</summary>
    public static NodeService Start(string script, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var psi = new ProcessStartInfo("node", [script, .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (name, value) in environment)
        {
            psi.Environment[name] = value;
        }
        var started = Process.Start(psi) ?? throw new InvalidOperationException("node did not start");
        var ready = started.StandardOutput.ReadLine();
        if (ready?.Contains("listening", StringComparison.Ordinal) != true)
        {
            started.WaitForExit(5000);
            Assert.Fail($"{Path.GetFileName(script)} did not start: {ready} {(started.HasExited ? started.StandardError.ReadToEnd() : "")}");
        }
        return new NodeService(started);
    }

    /// <summary>What the service wrote to stderr, once it has exited.</summary>
    public string Errors() => process.HasExited ? process.StandardError.ReadToEnd() : "(still running)";

    public void Dispose()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }
        process.Dispose();
    }
}
