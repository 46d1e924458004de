using System.Text.Json.Nodes;
using Baton.Core.Definitions;

namespace Baton.Core.Tests.Definitions;

/// <summary>Wiring is checked against the tasks' contracts: reads of output fields, and inputs against input schemas.</summary>
public class WiringValidatorTests
{
    private const string Header = "apiVersion: baton.dev/v1\nkind: Workflow\nmetadata:\n  name: pipeline\nspec:\n";

    private static readonly Dictionary<string, TaskContract> Contracts = new(StringComparer.Ordinal)
    {
        ["ingest"] = new(null, JsonNode.Parse("""
            { "type": "object", "properties": {
                "image": { "type": "string" }, "width": { "type": "integer" },
                "tags": { "type": "array", "items": { "type": "string" } },
                "meta": { "type": "object", "properties": { "camera": { "type": "string" } } },
                "extra": { "type": "object", "additionalProperties": true } } }
            """)),
        ["resize"] = new(JsonNode.Parse("""
            { "type": "object", "required": ["image", "width"], "properties": {
                "image": { "type": "string" }, "width": { "type": "integer" },
                "options": { "type": "object", "additionalProperties": false, "properties": { "fit": { "enum": ["cover", "contain"] } } } } }
            """), null),
        ["detect"] = new(JsonNode.Parse("""{ "type": "object", "properties": { "image": { "type": "object" } } }"""), null),
    };

    private static IReadOnlyList<Diagnostic> Problems(string spec, IReadOnlyDictionary<string, TaskContract>? contracts = null) =>
        DefinitionLoader.Load(Header + spec, "pipeline.yaml", new DefinitionOptions { Contracts = contracts ?? Contracts }).Diagnostics;

    [Fact]
    public void Load_MisspeltOutputField_NamesTheFieldAndSuggestsTheRightOne()
    {
        var d = Assert.Single(Problems("""
              steps:
                - { id: ingest, task: ingest }
                - id: resize
                  task: resize
                  depends_on: [ingest]
                  input:
                    image: ${steps.ingest.output.imgae}
                    width: 10
            """));

        Assert.Equal("BTN093", d.Code);
        Assert.Equal("spec.steps[1].input.image", d.Path);
        Assert.Equal(12, d.Location.Line);
        Assert.Contains("steps.ingest.output.imgae", d.Message, StringComparison.Ordinal);
        Assert.Contains("did you mean 'image'?", d.Message, StringComparison.Ordinal);
        Assert.Contains("image, width, tags, meta, extra", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_NumberWhereTheSchemaWantsAnObject_SaysBothTypes()
    {
        var d = Assert.Single(Problems("""
              steps:
                - { id: ingest, task: ingest }
                - { id: detect, task: detect, depends_on: [ingest], input: { image: "${steps.ingest.output.width}" } }
            """));

        Assert.Equal("BTN094", d.Code);
        Assert.Equal("spec.steps[1].input.image", d.Path);
        Assert.Contains("passes an integer ('${steps.ingest.output.width}') as input.image, where task 'detect' wants an object", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_WiringThatFits_HasNoProblems()
    {
        Assert.Empty(Problems("""
              input:
                schema: { type: object, properties: { size: { type: integer } } }
              steps:
                - { id: ingest, task: ingest }
                - id: resize
                  task: resize
                  depends_on: [ingest]
                  input:
                    image: ${steps.ingest.output.image}
                    width: ${input.size * 2}
                    options: { fit: cover }
                - { id: note, task: echo, depends_on: [ingest], input: { camera: "${steps.ingest.output.meta.camera}", any: "${steps.ingest.output.extra.whatever}", first: "${steps.ingest.output.tags[0]}" } }
            """));
    }

    [Fact]
    public void Load_TypesUnknown_ClaimsNothing()
    {
        Assert.Empty(Problems("""
              steps:
                - { id: other, task: echo }
                - { id: detect, task: detect, depends_on: [other], input: { image: "${steps.other.output.anything}" } }
                - { id: resize, task: resize, input: { image: "${input.path}", width: "${input.w}" } }
            """));
    }

    [Fact]
    public void Load_MissingRequiredUnknownFieldAndValueOutsideTheEnum_AreEachReported()
    {
        var problems = Problems("""
              steps:
                - { id: resize, task: resize, input: { image: a.png, options: { fit: stretch, crop: true } } }
                - { id: again, task: resize }
            """);

        Assert.Contains(problems, p => p.Code == "BTN094" && p.Path == "spec.steps[0].input" && p.Message.Contains("leaves out width", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Code == "BTN094" && p.Path == "spec.steps[0].input.options.fit" && p.Fix.Contains("\"cover\", \"contain\"", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Code == "BTN094" && p.Path == "spec.steps[0].input.options.crop" && p.Message.Contains("takes no such field", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Code == "BTN094" && p.Path == "spec.steps[1]" && p.Message.Contains("requires image, width", StringComparison.Ordinal));
        Assert.Equal(4, problems.Count);
    }

    [Fact]
    public void Load_PathThroughAStringItem_CannotExist()
    {
        var d = Assert.Single(Problems("""
              steps:
                - { id: ingest, task: ingest }
              output:
                mapping: { first: "${steps.ingest.output.tags[0].name}" }
            """));

        Assert.Equal("BTN093", d.Code);
        Assert.Contains("steps.ingest.output.tags[0].name", d.Message, StringComparison.Ordinal);
        Assert.Contains("it is a string, which has no field 'name'", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_TextWithExpressionsWhereAnIntegerIsWanted_IsAString()
    {
        var d = Assert.Single(Problems("""
              steps:
                - { id: resize, task: resize, input: { image: a.png, width: "w-${input.w}" } }
            """));

        Assert.Equal("BTN094", d.Code);
        Assert.Contains("passes a string (text with expressions) as input.width", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ForEachBodyAndConditions_AreCheckedToo()
    {
        var problems = Problems("""
              steps:
                - { id: ingest, task: ingest }
                - id: each
                  type: for_each
                  depends_on: [ingest]
                  items: steps.ingest.output.tags
                  condition: steps.ingest.output.widht > 10
                  do: { task: resize, input: { image: "${item}" } }
            """);

        Assert.Contains(problems, p => p.Code == "BTN093" && p.Path == "spec.steps[1].condition" && p.Message.Contains("did you mean 'width'?", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Code == "BTN094" && p.Message.Contains("leaves out width", StringComparison.Ordinal));
        Assert.Equal(2, problems.Count);
    }

    [Fact]
    public void Load_NoContracts_ChecksNoWiring()
    {
        Assert.Empty(Problems("""
              steps:
                - { id: detect, task: detect, input: { image: 3 } }
            """, new Dictionary<string, TaskContract>()));
    }
}
