namespace Baton.Ui.Tests.Browser;

/// <summary>The Playwright end-to-end tests (ui/e2e), one spec file per case, driving headless chromium against a real host.</summary>
/// <remarks>Screenshots the specs take (designer.png, monitor.png) are kept under TestResults/ui as the run's artefacts.</remarks>
public sealed class EndToEndTests(UiHostFixture host) : IClassFixture<UiHostFixture>
{
    public static TheoryData<string> Specs()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(Path.Combine(UiTool.UiDir, "e2e"), "*.spec.ts").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(file));
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Specs))]
    public async Task Playwright_Spec_Passes(string spec)
    {
        var (exit, output) = await UiTool.RunAsync(Path.Combine("@playwright", "test", "cli.js"), ["test", $"e2e/{spec}", "--reporter=line"],
            new Dictionary<string, string>
            {
                ["BATON_URL"] = host.Address.ToString().TrimEnd('/'),
                ["BATON_KEY"] = UiHostFixture.AdminKey,
                ["CHROMIUM_PATH"] = UiHostFixture.Chromium,
            }, TimeSpan.FromMinutes(8));
        KeepScreenshots();
        Assert.True(exit == 0, $"Playwright failed for {spec}:\n{output}");
        Assert.Matches(@"\d+ passed", output);
        Assert.DoesNotMatch(@"\d+ (failed|flaky|skipped)", output);
    }

    private static void KeepScreenshots()
    {
        var results = Path.Combine(UiTool.UiDir, "test-results");
        if (!Directory.Exists(results))
        {
            return;
        }
        var keep = Directory.CreateDirectory(Path.Combine(UiTool.RepoRoot, "TestResults", "ui")).FullName;
        foreach (var png in Directory.GetFiles(results, "*.png", SearchOption.AllDirectories))
        {
            File.Copy(png, Path.Combine(keep, Path.GetRelativePath(results, png).Replace(Path.DirectorySeparatorChar, '_')), overwrite: true);
        }
    }
}
