using System.Diagnostics;
using Baton.Testing;

namespace Baton.Cli.Tests.Infra;

/// <summary>infra/hooks/wait-for-endpoint.sh, which azd's postdeploy hook runs before subscribing Event Grid, against a real
/// `baton serve` answering the CloudEvents handshake, and against nothing.</summary>
public sealed class WaitForEndpointTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static async Task<(int Exit, string Stdout, string Stderr)> WaitAsync(string url, int seconds)
    {
        var psi = new ProcessStartInfo("sh", [Path.Combine(RepoPaths.Root, "infra", "hooks", "wait-for-endpoint.sh"), url, seconds.ToString(System.Globalization.CultureInfo.InvariantCulture)])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout, await stderr);
    }

    [Fact]
    public async Task Wait_ServeAnswersTheHandshake_Succeeds()
    {
        using var server = await ServeProcess.StartAsync(_dir.Path, new Dictionary<string, string> { ["BATON_FUNCTION_KEY"] = "hook-key" });

        var (exit, stdout, stderr) = await WaitAsync($"{server.Url}/api/events?code=hook-key", 30);

        Assert.True(exit == 0, stderr);
        Assert.Contains("answers Event Grid's handshake", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Wait_NothingAnswers_FailsWithAReasonWhenTimeRunsOut()
    {
        var (exit, _, stderr) = await WaitAsync($"http://127.0.0.1:{ServeProcess.FreePort()}/api/events", 1);

        Assert.Equal(1, exit);
        Assert.Contains("did not answer Event Grid's handshake within 1s", stderr, StringComparison.Ordinal);
    }
}
