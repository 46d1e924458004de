using System.Text.Json.Nodes;
using Baton.Core.Definitions;
using Baton.Testing;

namespace Baton.Core.Tests.Definitions;

/// <summary>Keeps docs/schema/workflow.schema.json honest: the examples pass it and malformed definitions do not.</summary>
public class LanguageSchemaTests
{
    private static readonly string Root = RepoPaths.Root;

    private static readonly JsonNode Schema = JsonNode.Parse(File.ReadAllText(Path.Combine(Root, "docs", "schema", "workflow.schema.json")))!;

    public static TheoryData<string> Examples() => [.. RepoPaths.Examples("workflow.yaml")];

    [Theory]
    [MemberData(nameof(Examples))]
    public void Validate_Example_MatchesLanguageSchemaAndLoader(string file)
    {
        var text = File.ReadAllText(Path.Combine(Root, file));
        var (doc, problems) = SourceReader.Read(text, file);
        Assert.Empty(problems);
        Assert.Empty(JsonSchemas.Validate(Schema, doc!.Root));
        Assert.True(DefinitionLoader.Load(text, file).Succeeded);
    }

    [Theory]
    [InlineData("{ apiVersion: baton.dev/v1, kind: Workflow, metadata: { name: x }, spec: { steps: [ { id: a, task: t, retries: 3 } ] } }")]
    [InlineData("{ apiVersion: baton.dev/v1, kind: Workflow, metadata: { name: x }, spec: { steps: [ { id: a } ] } }")]
    [InlineData("{ apiVersion: baton.dev/v1, kind: Workflow, metadata: { name: x }, spec: { steps: [ { id: a, task: t, timeout: '5' } ] } }")]
    [InlineData("{ apiVersion: baton.dev/v1, kind: Workflow, metadata: { name: x }, spec: { steps: [] } }")]
    public void Validate_MalformedDefinition_FailsSchemaAndLoader(string yaml)
    {
        var (doc, _) = SourceReader.Read(yaml, "x.yaml");
        Assert.NotEmpty(JsonSchemas.Validate(Schema, doc!.Root));
        Assert.False(DefinitionLoader.Load(yaml, "x.yaml").Succeeded);
    }
}
