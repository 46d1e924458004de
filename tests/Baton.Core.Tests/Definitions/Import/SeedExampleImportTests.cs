using Baton.Core.Definitions;
using Baton.Core.Definitions.Import;
using Baton.Testing;

namespace Baton.Core.Tests.Definitions.Import;

/// <summary>Every workflow the seed documents contain (copied into examples/seed-formats) imports and validates.</summary>
public sealed class SeedExampleImportTests
{
    private static string Folder => Path.Combine(RepoPaths.Root, "examples", "seed-formats");

    public static TheoryData<string> Importable() =>
        [.. Directory.GetFiles(Folder).Select(f => Path.GetFileName(f)).Where(f => f.StartsWith("seed00", StringComparison.Ordinal) && !f.StartsWith("seed002", StringComparison.Ordinal)
            && f != "seed004-retry-logic.yaml").Order(StringComparer.Ordinal)];

    private static LoadResult Load(string file) =>
        DefinitionLoader.Load(File.ReadAllText(Path.Combine(Folder, file)), file);

    [Theory]
    [MemberData(nameof(Importable))]
    public void Load_SeedExample_ImportsAndValidates(string file)
    {
        var result = Load(file);

        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        Assert.NotNull(result.ImportedFrom);
        // The native document reads back from its own YAML unchanged, so 'baton convert' output is a faithful copy.
        var yaml = YamlText.Write(result.ImportedDocument!.Root);
        var again = DefinitionLoader.Load(yaml, "converted.yaml");
        Assert.True(again.Succeeded, yaml + string.Join("\n", again.Diagnostics));
        Assert.Equal(result.Definition!.Steps.Select(s => (s.Id, s.Task, s.Condition)), again.Definition!.Steps.Select(s => (s.Id, s.Task, s.Condition)));
    }

    [Fact]
    public void Load_ComponentsOnlyFile_IsACatalogNotAWorkflow()
    {
        var result = Load("seed004-retry-logic.yaml");

        Assert.Null(result.Definition);
        Assert.Equal("BTN079", Assert.Single(result.Diagnostics).Code);
        Assert.Equal("https://api.unreliable-service.com", result.ImportedCatalog!["tasks"]!["unreliable-service"]!["url"]!.GetValue<string>());
    }

    [Fact]
    public void Load_Seed002File_IsRefusedAtItsApiVersionWithTheReason()
    {
        var result = Load("seed002-user-registration-workflow.yaml");

        var d = Assert.Single(result.Diagnostics);
        Assert.Equal(("BTN070", 2, 13, "apiVersion"), (d.Code, d.Location.Line, d.Location.Column, d.Path));
        Assert.Contains("compensation", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ConditionalExecution_UnquotedTernaryWithColonsIsReadAsOneExpression()
    {
        var result = Load("seed004-conditional-execution.yaml");

        var finalize = result.Definition!.Steps.Single(s => s.Id == "finalize");
        Assert.Equal("${steps.analyze-input.output.type == 'text' ? steps.text-processing.output : steps.image-processing.output}",
            finalize.Input!["result"]!.GetValue<string>());
        Assert.Equal(["text-processing", "image-processing", "analyze-input"], finalize.DependsOn.AsEnumerable());
    }
}
