using Baton.Core.Definitions;
using Baton.Runtime.Catalog;

namespace Baton.Runtime.Tests.Catalog;

/// <summary>File bindings in a catalog: a root beside the catalog, one operation fixed by the catalog, and only the keys it uses.</summary>
public sealed class FileBindingReaderTests
{
    private const string Head = "apiVersion: baton.dev/v1\nkind: Catalog\ntasks:\n";

    private static (TaskCatalog? Catalog, IReadOnlyList<Diagnostic> Problems) Load(string tasks) =>
        CatalogLoader.Load(Head + tasks, "/srv/flows/catalog.yaml", "/srv/flows");

    [Fact]
    public void Load_RelativeRoot_ResolvesAgainstTheCatalogsFolder()
    {
        var (catalog, problems) = Load("  save: { runner: file, root: ./reports, operation: write, path: \"${input.name}.json\", content: \"${input.report}\", encoding: json }\n");

        Assert.Empty(problems);
        var b = Assert.IsType<FileBinding>(catalog!.Tasks["save"]);
        Assert.Equal(("/srv/flows/reports", FileOperation.Write, FileEncoding.Json, true), (b.Root, b.Operation, b.Encoding, b.Overwrite));
    }

    [Fact]
    public void Load_ListWithoutPath_ListsTheRoot()
    {
        var (catalog, problems) = Load("  ls: { runner: file, root: /data, operation: list, pattern: \"*.csv\", recursive: true }\n");
        Assert.Empty(problems);
        Assert.Equal(("*.csv", true), (((FileBinding)catalog!.Tasks["ls"]).Pattern, ((FileBinding)catalog.Tasks["ls"]).Recursive));
    }

    [Theory]
    [InlineData("  t: { runner: file, root: /d, operation: read }\n", "BTN011", "tasks.t", "'path'")]
    [InlineData("  t: { runner: file, root: /d, operation: move, path: a }\n", "BTN011", "tasks.t", "'to'")]
    [InlineData("  t: { runner: file, root: /d, operation: write, path: a }\n", "BTN011", "tasks.t", "'content'")]
    [InlineData("  t: { runner: file, root: /d, operation: read, path: a, to: b }\n", "BTN015", "tasks.t.to", "'to'")]
    [InlineData("  t: { runner: file, root: /d, operation: read, path: a, overwrite: false }\n", "BTN015", "tasks.t.overwrite", "'overwrite'")]
    [InlineData("  t: { runner: file, root: /d, operation: shred, path: a }\n", "BTN015", "tasks.t.operation", "'shred'")]
    [InlineData("  t: { runner: file, operation: read, path: a }\n", "BTN011", "tasks.t", "'root'")]
    [InlineData("  t: { runner: file, root: /d, path: a }\n", "BTN011", "tasks.t", "'operation'")]
    public void Load_KeyMissingOrMeaningless_IsReportedAtTheKey(string tasks, string code, string path, string named)
    {
        var (catalog, problems) = Load(tasks);
        Assert.Null(catalog);
        var d = Assert.Single(problems);
        Assert.Equal((code, path), (d.Code, d.Path));
        Assert.Contains(named, d.Message, StringComparison.Ordinal);
    }
}
