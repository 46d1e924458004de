using System.Diagnostics;
using System.Text.Json.Nodes;
using Baton.Testing;

namespace Baton.Functions.Tests.Infra;

/// <summary>The Bicep CLI from the NuGet package the test project downloads, run on infra/.</summary>
internal static class Bicep
{
    private const string Version = "0.49.2";

    /// <summary>The infra folder's entry point.</summary>
    public static string Main => Path.Combine(RepoPaths.Root, "infra", "main.bicep");

    /// <summary>The bicep binary; fails the test when the package was not restored.</summary>
    public static string Binary
    {
        get
        {
            var packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } p
                ? p : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
            var path = Path.Combine(packages, "azure.bicep.commandline.linux-x64", Version, "tools", "bicep");
            if (!File.Exists(path))
            {
                throw new Xunit.Sdk.XunitException($"The Bicep CLI is not at {path}: restore tests/Baton.Functions.Tests (it downloads Azure.Bicep.CommandLine.linux-x64 {Version}).");
            }
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(path, File.GetUnixFileMode(path) | UnixFileMode.UserExecute);
            }
            return path;
        }
    }

    /// <summary>Runs bicep with the arguments; returns its exit code and everything it printed.</summary>
    public static (int Exit, string Stdout, string Stderr) Run(params string[] arguments)
    {
        var psi = new ProcessStartInfo(Binary, arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill();
            throw new Xunit.Sdk.XunitException($"bicep {string.Join(' ', arguments)} did not finish in two minutes.");
        }
        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    private static readonly Lazy<string> Compiled = new(() =>
    {
        var (exit, stdout, stderr) = Run("build", Main, "--stdout");
        Assert.True(exit == 0, $"bicep build failed: {stderr}");
        return stdout;
    });

    /// <summary>The ARM template main.bicep compiles to (compiled once per test run, parsed afresh for each caller).</summary>
    public static JsonObject Template() => JsonNode.Parse(Compiled.Value)!.AsObject();

    /// <summary>Every object in the template, nested deployments included, depth first.</summary>
    public static IEnumerable<JsonObject> Objects(JsonNode? node) => node switch
    {
        JsonObject o => new[] { o }.Concat(o.SelectMany(p => Objects(p.Value))),
        JsonArray a => a.SelectMany(Objects),
        _ => [],
    };
}
