using System.Diagnostics;

namespace Baton.Testing;

/// <summary>The container images examples build from this machine's own tools, made once per test process.</summary>
/// <remarks>Never skipped: when an image cannot be built, the tests that need it fail with the script's reason.</remarks>
public static class ExampleImages
{
    /// <summary>The image chain's object-detect stage: Node.js speaking the protobuf task envelope.</summary>
    public const string Detect = "localhost/image-chain-detect:1";

    private static readonly Lazy<Task> DetectBuilt = new(() => BuildAsync("examples/image-chain/detect/image.sh"));

    /// <summary>Starts the container engine and builds <see cref="Detect"/> when it is missing; returns DOCKER_HOST.</summary>
    public static async Task<string> DetectAsync()
    {
        var host = await PodmanEngine.DockerHostAsync().ConfigureAwait(false);
        await DetectBuilt.Value.ConfigureAwait(false);
        return host;
    }

    private static async Task BuildAsync(string script)
    {
        var psi = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = RepoPaths.Root };
        psi.ArgumentList.Add(Path.Combine(RepoPaths.Root, script));
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{script} failed with exit code {process.ExitCode}: {await stderr.ConfigureAwait(false)}{await stdout.ConfigureAwait(false)}");
        }
    }
}
