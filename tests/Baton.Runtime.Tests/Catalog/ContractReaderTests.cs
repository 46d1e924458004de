using Baton.Runtime.Catalog;

namespace Baton.Runtime.Tests.Catalog;

/// <summary>The contract part of a catalog entry: version, roles, description and both schemas.</summary>
public class ContractReaderTests
{
    private const string Head = "apiVersion: baton.dev/v1\nkind: Catalog\ntasks:\n";

    [Fact]
    public void Load_EntryWithAContract_KeepsItOnTheBinding()
    {
        var (catalog, problems) = CatalogLoader.Load(Head + """
              detect:
                runner: function
                function: echo
                version: "2.0.1"
                roles: [inference, gpu-heavy]
                description: Finds objects.
                input_schema: { type: object, properties: { url: { type: string } } }
                output_schema: { type: object, properties: { objects: { type: array } } }
              plain: { runner: function, function: echo }
            """, "catalog.yaml", ".");

        Assert.Empty(problems);
        var detect = catalog!.Tasks["detect"];
        Assert.Equal(("2.0.1", "Finds objects."), (detect.ContractVersion, detect.Description));
        Assert.Equal(["inference", "gpu-heavy"], detect.Roles.ToArray());
        Assert.Equal("array", detect.Contract!.OutputSchema!["properties"]!["objects"]!["type"]!.GetValue<string>());
        Assert.NotNull(detect.CompiledOutputSchema);
        Assert.Equal(["detect"], catalog.Contracts().Keys);
    }

    [Fact]
    public void Load_BadSchemaRoleAndVersion_AreEachReportedWithTheirKey()
    {
        var (catalog, problems) = CatalogLoader.Load(Head + """
              detect:
                runner: function
                version: "a/b"
                roles: [Inference]
                output_schema: { type: objekt }
            """, "catalog.yaml", ".");

        Assert.Null(catalog);
        Assert.Contains(problems, p => p.Code == "BTN089" && p.Path == "tasks.detect.version");
        Assert.Contains(problems, p => p.Code == "BTN017" && p.Path == "tasks.detect.roles[0]");
        Assert.Contains(problems, p => p.Code == "BTN040" && p.Path.StartsWith("tasks.detect.output_schema", StringComparison.Ordinal));
    }
}
