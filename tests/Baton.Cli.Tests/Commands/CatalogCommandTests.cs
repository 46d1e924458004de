using System.Text.Json.Nodes;
using Baton.Testing;

namespace Baton.Cli.Tests.Commands;

/// <summary><c>baton catalog</c> and <c>baton validate</c> with contracts, run as the real CLI process.</summary>
public sealed class CatalogCommandTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static string ImageChain(string file) => Path.Combine(BatonProcess.RepoRoot, "examples", "image-chain", file);

    private Task<BatonProcess.Result> Baton(params string[] args) => BatonProcess.RunAsync(_dir.Path, args);

    [Fact]
    public async Task List_ImageChainCatalog_ShowsEachTasksVersionRolesAndSchemas()
    {
        var r = await Baton("catalog", "list", ImageChain("catalog.yaml"), "--json");

        Assert.True(r.ExitCode == 0, r.Stderr);
        var tasks = JsonNode.Parse(r.Stdout)!.AsArray();
        Assert.Equal(["image-resize", "image-upload", "object-detect"], tasks.Select(t => t!["name"]!.GetValue<string>()));
        var resize = tasks[0]!;
        Assert.Equal("2.1.0", resize["version"]!.GetValue<string>());
        Assert.Equal("transformation", resize["roles"]![0]!.GetValue<string>());
        Assert.Equal("integer", resize["input_schema"]!["properties"]!["width"]!["type"]!.GetValue<string>());
        Assert.NotNull(resize["output_schema"]);
    }

    [Fact]
    public async Task Show_UnknownTask_ExitsTwoSuggestingTheClosest()
    {
        var r = await Baton("catalog", "show", "image-resise", ImageChain("catalog.yaml"));

        Assert.Equal(2, r.ExitCode);
        Assert.Contains("image-resize", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_ImageChain_IsWiredAsItsContractsSay()
    {
        var r = await Baton("catalog", "check", ImageChain("catalog.yaml"), ImageChain("workflow.yaml"));

        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains("3 task(s), 3 with a contract", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("is wired as the contracts say", r.Stdout, StringComparison.Ordinal);
    }

    // Validates the image chain's workflow with one text in it replaced, against its catalog.
    private async Task<(BatonProcess.Result Result, string File)> ValidateChangedAsync(string text, string replacement)
    {
        var miswired = _dir.File("workflow.yaml");
        await File.WriteAllTextAsync(miswired, (await File.ReadAllTextAsync(ImageChain("workflow.yaml"))).Replace(text, replacement, StringComparison.Ordinal));
        return (await Baton("validate", miswired, "--catalog", ImageChain("catalog.yaml")), miswired);
    }

    [Fact]
    public async Task Validate_MisspeltOutputField_ExitsTwoWithFileLineColumnAndTheFields()
    {
        var (r, miswired) = await ValidateChangedAsync("${steps.image-upload.output.uploaded_image_url}", "${steps.image-upload.output.uploaded_url}");

        Assert.Equal(2, r.ExitCode);
        var line = File.ReadAllLines(miswired).ToList().FindIndex(l => l.Contains("uploaded_url}", StringComparison.Ordinal)) + 1;
        Assert.Contains($"workflow.yaml:{line}:", r.Stderr, StringComparison.Ordinal);
        Assert.Contains("error BTN093 at 'spec.steps[1].input.uploaded_image_url'", r.Stderr, StringComparison.Ordinal);
        Assert.Contains("its fields are: uploaded_image_url", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_NumberWhereAStringIsWanted_ExitsTwoSayingBothTypes()
    {
        var (r, _) = await ValidateChangedAsync("input: { image: \"${input.image}\" }", "input: { image: 42 }");

        Assert.Equal(2, r.ExitCode);
        Assert.Contains("error BTN094", r.Stderr, StringComparison.Ordinal);
        Assert.Contains("passes an integer as input.image, where task 'image-upload' wants a string", r.Stderr, StringComparison.Ordinal);
    }
}
