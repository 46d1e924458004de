using System.Text.Json.Nodes;
using Baton.Core.Definitions;
using Baton.Runtime.Catalog;
using Baton.Testing;

namespace Baton.Runtime.Tests.Catalog;

/// <summary>Keeps docs/schema/catalog.schema.json honest: the examples' catalogs pass it and the loader, malformed ones fail both.</summary>
public class CatalogSchemaTests
{
    private static readonly JsonNode Schema = JsonNode.Parse(File.ReadAllText(Path.Combine(RepoPaths.Root, "docs", "schema", "catalog.schema.json")))!;

    public static TheoryData<string> Examples() => [.. RepoPaths.Examples("catalog.yaml")];

    [Theory]
    [MemberData(nameof(Examples))]
    public void Validate_ExampleCatalog_MatchesSchemaAndLoader(string file)
    {
        var text = File.ReadAllText(Path.Combine(RepoPaths.Root, file));
        var (doc, problems) = SourceReader.Read(text, file);
        Assert.Empty(problems);
        Assert.Empty(JsonSchemas.Validate(Schema, doc!.Root));
        var (catalog, loadProblems) = CatalogLoader.Load(text, file, Path.GetDirectoryName(Path.Combine(RepoPaths.Root, file))!, readFiles: true);
        Assert.Empty(loadProblems);
        Assert.NotNull(catalog);
    }

    [Fact]
    public void Validate_SqlAndFileCatalog_MatchesSchemaAndLoader()
    {
        const string text = """
            apiVersion: baton.dev/v1
            kind: Catalog
            tasks:
              orders: { runner: sql, provider: postgresql, connection_setting: ORDERS_DB, statement: "select * from orders where id = @id", parameters: { id: "${input.id}" }, max_rows: 10 }
              save: { runner: file, root: ./out, operation: write, path: "${input.name}", content: "${input.body}", encoding: json, overwrite: false }
              ls: { runner: file, root: ./out, operation: list, pattern: "*.json", recursive: true }
            """;
        var (doc, problems) = SourceReader.Read(text, "c.yaml");
        Assert.Empty(problems);
        Assert.Empty(JsonSchemas.Validate(Schema, doc!.Root));
        var (catalog, loadProblems) = CatalogLoader.Load(text, "c.yaml", "/srv");
        Assert.Empty(loadProblems);
        Assert.Equal(3, catalog!.Tasks.Count);
    }

    [Theory]
    [InlineData("{ apiVersion: baton.dev/v1, kind: Catalog, tasks: { a: { runner: process, command: 'rm -rf /' } } }")]
    [InlineData("{ apiVersion: baton.dev/v1, kind: Catalog, tasks: { a: { runner: proces, command: [x] } } }")]
    [InlineData("{ apiVersion: baton.dev/v1, kind: Catalog, tasks: { a: { runner: http, url: 'https://x', metod: GET } } }")]
    [InlineData("{ apiVersion: baton.dev/v1, kind: Catalog, tasks: { a: { runner: event, endpoint: 'https://x' } } }")]
    [InlineData("{ apiVersion: baton.dev/v1, kind: Catalog, tasks: { a: { runner: container, image: i, network: everywhere } } }")]
    [InlineData("{ apiVersion: baton.dev/v1, kind: Catalog, tasks: { a: { runner: function, timeout: soon } } }")]
    [InlineData("{ apiVersion: baton.dev/v1, kind: Catalog, tasks: { a: { runner: function, circuit_breaker: { while_open: later } } } }")]
    [InlineData("{ apiVersion: baton.dev/v1, kind: Catalog, tasks: { a: { runner: container, image: i, platform: k8s } } }")]
    [InlineData("{ apiVersion: baton.dev/v1, kind: Catalog, tasks: { a: { runner: sql, provider: sqlite, connection_setting: DB, statement: 'select ${input.id}' } } }")]
    [InlineData("{ apiVersion: baton.dev/v1, kind: Catalog, tasks: { a: { runner: sql, provider: mysql, connection_setting: DB, statement: 'select 1' } } }")]
    [InlineData("{ apiVersion: baton.dev/v1, kind: Catalog, tasks: { a: { runner: file, root: ., operation: shred, path: x } } }")]
    [InlineData("{ apiVersion: baton.dev/v1, kind: Catalog, tasks: { a: { runner: file, root: ., operation: read, path: x, max_bytes: 0 } } }")]
    public void Validate_MalformedCatalog_FailsSchemaAndLoader(string yaml)
    {
        var (doc, _) = SourceReader.Read(yaml, "c.yaml");
        Assert.NotEmpty(JsonSchemas.Validate(Schema, doc!.Root));
        Assert.Null(CatalogLoader.Load(yaml, "c.yaml", ".").Catalog);
    }
}
