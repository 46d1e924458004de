namespace Baton.Ui.Tests.Components;

/// <summary>The UI's source: its component tests (Vitest), its type check, and that the build committed in the control plane's
/// wwwroot is exactly what the source builds (so a fresh clone serves the UI it has).</summary>
public sealed class UiSourceTests
{
    [Fact]
    public async Task Vitest_ComponentTests_AllPass()
    {
        var (exit, output) = await UiTool.RunAsync(Path.Combine("vitest", "vitest.mjs"), ["run"]);

        Assert.True(exit == 0, $"Vitest failed:\n{output}");
        Assert.Matches(@"Tests\s+\d+ passed", output);
        Assert.DoesNotMatch(@"Tests\s+.*\d+ failed", output);
    }

    [Fact]
    public async Task TypeScript_Source_TypeChecks()
    {
        var (exit, output) = await UiTool.RunAsync(Path.Combine("typescript", "bin", "tsc"), ["--noEmit"]);

        Assert.True(exit == 0, $"tsc found errors:\n{output}");
    }

    [Fact]
    public async Task ViteBuild_Source_MatchesTheCommittedBuild()
    {
        var committed = Path.Combine(UiTool.RepoRoot, "src", "Baton.ControlPlane", "wwwroot", "ui");
        var fresh = Directory.CreateTempSubdirectory("baton-ui-build-").FullName;
        try
        {
            var (exit, output) = await UiTool.RunAsync(Path.Combine("vite", "bin", "vite.js"), ["build", "--outDir", fresh, "--emptyOutDir"]);
            Assert.True(exit == 0, $"vite build failed:\n{output}");

            var expected = Files(fresh);
            var actual = Files(committed);
            Assert.True(expected.Keys.SequenceEqual(actual.Keys),
                $"The committed UI build (src/Baton.ControlPlane/wwwroot/ui) is stale: run `npm run build` in ui/ and commit it.\nbuilt: {string.Join(", ", expected.Keys)}\ncommitted: {string.Join(", ", actual.Keys)}");
            foreach (var (name, bytes) in expected)
            {
                Assert.True(bytes.AsSpan().SequenceEqual(actual[name]), $"{name} differs from a fresh build: run `npm run build` in ui/ and commit it.");
            }
        }
        finally
        {
            Directory.Delete(fresh, recursive: true);
        }
    }

    private static SortedDictionary<string, byte[]> Files(string root) =>
        new(Directory.GetFiles(root, "*", SearchOption.AllDirectories).ToDictionary(f => Path.GetRelativePath(root, f).Replace('\\', '/'), File.ReadAllBytes),
            StringComparer.Ordinal);
}
