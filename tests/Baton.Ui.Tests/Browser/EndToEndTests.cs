using Baton.Hosts.Testing;

namespace Baton.Ui.Tests.Browser;

/// <summary>The Playwright end-to-end tests (ui/e2e), one spec file per case, driving headless chromium against a real host:
/// every spec on <c>baton serve</c>, and the monitor's also on <c>baton serve --backend durable</c> and on the function app,
/// so the monitor shows a run the same way on both backends and both hosts.</summary>
/// <remarks>Screenshots the specs take (designer.png, monitor.png) are kept under TestResults/ui as the run's artefacts.</remarks>
public sealed class EndToEndTests(UiHosts hosts) : IClassFixture<UiHosts>
{
    /// <summary>The specs that run on every host; the others are about the designer, whose host part is the same everywhere.</summary>
    private static readonly string[] EveryHost = ["monitor.spec.ts"];

    public static TheoryData<string, ApiHostKind> Specs()
    {
        var data = new TheoryData<string, ApiHostKind>();
        foreach (var file in Directory.GetFiles(Path.Combine(UiTool.UiDir, "e2e"), "*.spec.ts").Order(StringComparer.Ordinal).Select(Path.GetFileName))
        {
            foreach (var kind in EveryHost.Contains(file) ? Enum.GetValues<ApiHostKind>() : [ApiHostKind.Serve])
            {
                data.Add(file!, kind);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Specs))]
    public async Task Playwright_Spec_Passes(string spec, ApiHostKind kind)
    {
        var host = await hosts.GetAsync(kind);
        var (exit, output) = await UiTool.RunAsync(Path.Combine("@playwright", "test", "cli.js"), ["test", $"e2e/{spec}", "--reporter=line"],
            new Dictionary<string, string>
            {
                ["BATON_URL"] = host.Client.BaseAddress!.ToString().TrimEnd('/'),
                ["BATON_KEY"] = ApiServer.AdminKey,
                ["CHROMIUM_PATH"] = UiHosts.Chromium,
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
