using Baton.Core.Definitions;
using Baton.Runtime.Catalog;
using Baton.Testing;
using Baton.Abstractions;

namespace Baton.Runtime.Tests.Catalog;

/// <summary>Evaluate bindings in a catalog: the SLO and the SLI queries inline or in Keptn's files beside the catalog,
/// files read only for a catalog on the CLI's own disk, and every problem reported at its key.</summary>
public sealed class EvaluateBindingReaderTests : IDisposable
{
    private const string Head = "apiVersion: baton.dev/v1\nkind: Catalog\ntasks:\n";
    private const string GoodSlo = "objectives: [{ sli: m, pass: [{ criteria: [\"<10\"] }] }]\ntotal_score: { pass: \"90%\" }\n";
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private (TaskCatalog? Catalog, IReadOnlyList<Diagnostic> Problems) Load(string tasks, bool readFiles = true) =>
        CatalogLoader.Load(Head + tasks, _dir.File("catalog.yaml"), _dir.Path, readFiles);

    private Diagnostic Problem(string tasks, bool readFiles = true)
    {
        var (catalog, problems) = Load(tasks, readFiles);
        Assert.Null(catalog);
        return Assert.Single(problems);
    }

    [Fact]
    public void Load_InlineSloAndQueries_BuildsBinding()
    {
        var (catalog, problems) = Load($$"""
              gate:
                runner: evaluate
                subject: "${input.service}/${input.stage}"
                slo: { objectives: [{ sli: m, pass: [{ criteria: ["<10"] }] }], total_score: { pass: "90%" } }
                sli: { url: "http://prometheus:9090", queries: { m: "sum(up)" } }
            """);

        Assert.Empty(problems);
        var b = Assert.IsType<EvaluateBinding>(catalog!.Tasks["gate"]);
        Assert.Equal(("m", "sum(up)", false), (b.Slo!.Document.Objectives[0].Sli, b.Sli!.Queries["m"], b.Sli.AllowPrivateNetwork));
    }

    [Theory]
    [InlineData("../slo.yaml")]
    [InlineData("/etc/passwd")]
    [InlineData("sub/../../slo.yaml")]
    public void Load_SloFileOutsideCatalogFolder_IsRefused(string path)
    {
        var d = Problem($"  gate: {{ runner: evaluate, slo_file: \"{path}\" }}\n");

        Assert.Equal(("BTN082", "tasks.gate.slo_file"), (d.Code, d.Path));
    }

    [Fact]
    public void Load_FileReferenceWithoutReadFiles_IsRefusedSoAHostReadsNoNamedFiles()
    {
        File.WriteAllText(_dir.File("slo.yaml"), GoodSlo);

        var d = Problem("  gate: { runner: evaluate, slo_file: slo.yaml }\n", readFiles: false);

        Assert.Equal("BTN082", d.Code);
        Assert.Contains("Inline it", d.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_SloFileWithBadCriterion_NamesTheSloFilesLineAndColumn()
    {
        File.WriteAllText(_dir.File("slo.yaml"), "spec_version: \"1.0\"\nobjectives:\n  - sli: m\n    pass:\n      - criteria: [\"fast\"]\ntotal_score: { pass: \"90%\" }\n");

        var d = Problem("  gate: { runner: evaluate, slo_file: slo.yaml }\n");

        Assert.Equal(("BTN080", "tasks.gate.slo_file"), (d.Code, d.Path));
        Assert.Contains("slo.yaml:5:", d.Message, StringComparison.Ordinal);
        Assert.Contains("'fast' is not a criterion", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_InlineSloWithBadWeight_PointsIntoTheCatalog()
    {
        var d = Problem("  gate:\n    runner: evaluate\n    slo:\n      objectives:\n        - { sli: m, weight: 0 }\n      total_score: { pass: 90 }\n");

        Assert.Equal(("BTN080", "tasks.gate.slo.objectives[0].weight", 8), (d.Code, d.Path, d.Location.Line));
    }

    [Theory]
    [InlineData("{ provider: datadog, url: \"http://p:9090\", queries: { m: q } }", "tasks.gate.sli.provider")]
    [InlineData("{ url: \"ftp://p\", queries: { m: q } }", "tasks.gate.sli.url")]
    [InlineData("{ url: \"http://p:9090\" }", "tasks.gate.sli.queries")]
    [InlineData("{ url: \"http://p:9090\", queries: { m: q }, queries_file: sli.yaml }", "tasks.gate.sli.queries")]
    [InlineData("{ url: \"http://p:9090\", queries: { m: \"\" } }", "tasks.gate.sli.queries.m")]
    public void Load_BadSliSource_IsRefusedAtItsKey(string sli, string path)
    {
        var (catalog, problems) = Load($"  gate: {{ runner: evaluate, sli: {sli} }}\n");

        Assert.Null(catalog);
        Assert.Contains(problems, p => p.Path == path && p.Code == "BTN081");
    }

    [Fact]
    public void Inline_FileReferences_StoredTextLoadsWithoutFilesAndChangesWithThem()
    {
        File.WriteAllText(_dir.File("slo.yaml"), GoodSlo);
        File.WriteAllText(_dir.File("sli.yaml"), "spec_version: \"1.0\"\nindicators:\n  m: sum(up{job='$SERVICE'})\n");
        const string Tasks = "  gate: { runner: evaluate, slo_file: slo.yaml, sli: { url: \"http://p:9090\", queries_file: sli.yaml } }\n";
        Assert.Empty(Load(Tasks).Problems);

        var inlined = EvaluateBindingReader.Inline(Head + Tasks, _dir.File("catalog.yaml"), Load(Tasks).Catalog!)!;
        File.WriteAllText(_dir.File("slo.yaml"), GoodSlo.Replace("<10", "<20", StringComparison.Ordinal));
        var changed = EvaluateBindingReader.Inline(Head + Tasks, _dir.File("catalog.yaml"), Load(Tasks).Catalog!)!;

        var (catalog, problems) = CatalogLoader.Load(inlined, "stored", "/nowhere", readFiles: false);
        Assert.Empty(problems);
        var b = Assert.IsType<EvaluateBinding>(catalog!.Tasks["gate"]);
        Assert.Equal((GoodSlo, "sum(up{job='$SERVICE'})"), (b.Slo!.Content, b.Sli!.Queries["m"]));
        Assert.NotEqual(ContentHash.Of(inlined), ContentHash.Of(changed));
        Assert.Null(EvaluateBindingReader.Inline(Head + "  t: { runner: function }\n", "c.yaml", Load("  t: { runner: function }\n").Catalog!));
    }
}
