using System.Diagnostics;
using Baton.Testing;
using Microsoft.Extensions.Configuration;

namespace Baton.Functions.Tests;

/// <summary>The function app refuses to start with a missing or inconsistent setting, and names it.</summary>
public sealed class AppSettingsTests
{
    private static IConfiguration Config(params (string Name, string Value)[] settings) => new ConfigurationBuilder()
        .AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Name.Replace("__", ":", StringComparison.Ordinal), (string?)s.Value)))
        .Build();

    [Fact]
    public void Problems_IdentityStorageOnASiteWithoutIdentity_AsksForAnIdentity()
    {
        var problems = AppSettings.Problems(Config((AppSettings.TaskHub, "Hub"), (AppSettings.StorageAccountName, "acct"), ("WEBSITE_SITE_NAME", "func")));

        Assert.Contains(problems, p => p.Contains("no managed identity", StringComparison.Ordinal));
    }

    [Fact]
    public void Problems_HostAndBatonNameDifferentIdentities_NamesBoth()
    {
        var problems = AppSettings.Problems(Config((AppSettings.TaskHub, "Hub"), (AppSettings.StorageAccountName, "acct"),
            (AppSettings.StorageClientId, "a"), (AppSettings.ClientId, "b"), (TriggerFunctions.ScheduleSetting, "*/10 * * * * *")));

        var problem = Assert.Single(problems);
        Assert.Contains(AppSettings.StorageClientId, problem, StringComparison.Ordinal);
        Assert.Contains(AppSettings.ClientId, problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("big")]
    public void Problems_BadThreshold_NamesTheSetting(string value)
    {
        var problems = AppSettings.Problems(Config((AppSettings.TaskHub, "Hub"), (AppSettings.Storage, "UseDevelopmentStorage=true"), (AppSettings.DataThreshold, value),
            (TriggerFunctions.ScheduleSetting, "*/10 * * * * *")));

        Assert.Contains(AppSettings.DataThreshold, Assert.Single(problems), StringComparison.Ordinal);
    }

    [Fact]
    public void Problems_NoTriggerSchedule_NamesTheSettingAndAValue()
    {
        var problems = AppSettings.Problems(Config((AppSettings.TaskHub, "Hub"), (AppSettings.Storage, "UseDevelopmentStorage=true")));

        var problem = Assert.Single(problems);
        Assert.Contains(TriggerFunctions.ScheduleSetting, problem, StringComparison.Ordinal);
        Assert.Contains("*/10 * * * * *", problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Main_NoSettings_ExitsNamingTheMissingOnes()
    {
        var dll = Path.Combine(RepoPaths.Root, "src", "Baton.Functions", "bin", Path.GetFileName(Path.GetDirectoryName(AppContext.BaseDirectory.TrimEnd('/'))!), "net10.0", "Baton.Functions.dll");
        using var dir = new TempDirectory();
        var psi = new ProcessStartInfo("dotnet", [dll]) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = dir.Path };
        foreach (var name in psi.Environment.Keys.Where(k => k.StartsWith("BATON_", StringComparison.Ordinal) || k.StartsWith("AzureWebJobs", StringComparison.Ordinal)).ToList())
        {
            psi.Environment.Remove(name);
        }
        using var process = Process.Start(psi)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(bound.Token);

        Assert.NotEqual(0, process.ExitCode);
        var printed = await stdout + await stderr;
        Assert.Contains("BATON_TASK_HUB is not set", printed, StringComparison.Ordinal);
        Assert.Contains("AzureWebJobsStorage", printed, StringComparison.Ordinal);
    }

    [Fact]
    public void Settings_DeployedHostJson_BindsTheHubAndDataSettingsOnce()
    {
        var settings = FunctionsSetup.Settings(Config((AppSettings.TaskHub, "DeployedHub"), (AppSettings.DataThreshold, "4096"), (AppSettings.DataContainer, "app-data")));

        Assert.Equal(("DeployedHub", "AzureStorage", 4096, "app-data"), (settings.HubName, settings.StorageType, settings.DataThreshold, settings.DataContainer));
    }
}
