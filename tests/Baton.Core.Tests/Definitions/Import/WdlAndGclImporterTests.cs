using Baton.Core.Definitions;

namespace Baton.Core.Tests.Definitions.Import;

public sealed class WdlAndGclImporterTests
{
    private static LoadResult Load(string text, string file = "w.json") => DefinitionLoader.Load(text, file);

    [Fact]
    public void Load_Wdl_ChainsStepsAndReadsEachInputFromItsProducer()
    {
        var result = Load("""
            {
              "workflow_name": "Thumbnailer",
              "start_image": "img-a",
              "steps": [
                { "image_id": "img-a", "name": "Fetch", "input_data": ["url"], "output_data": ["file", "size"], "next_step": "scale_down" },
                { "image_id": "img-b", "name": "ScaleDown", "input_data": ["file"], "output_data": ["thumb"], "next_step": "Publish" },
                { "image_id": "img-c", "name": "Publish", "input_data": ["thumb", "size"], "next_step": "end" }
              ]
            }
            """);

        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        Assert.Equal("thumbnailer", result.Definition!.Metadata.Name);
        var steps = result.Definition.Steps;
        Assert.Equal(["fetch", "scale_down", "publish"], steps.Select(s => s.Id));
        Assert.Equal(["img-a", "img-b", "img-c"], steps.Select(s => s.Task));
        Assert.Equal("${input.url}", steps[0].Input!["url"]!.GetValue<string>());
        Assert.Equal(["scale_down"], steps[2].DependsOn.AsEnumerable());
        Assert.Equal("${steps.scale_down.output.thumb}", steps[2].Input!["thumb"]!.GetValue<string>());
        Assert.Equal("${steps.fetch.output.size}", steps[2].Input!["size"]!.GetValue<string>());
    }

    [Fact]
    public void Load_WdlWithBrokenLinks_PointsAtTheKeysInTheJson()
    {
        var result = Load("""
            {
              "workflow_name": "Broken",
              "start_image": "img-z",
              "steps": [
                { "image_id": "img-a", "name": "First", "next_step": "secnd" },
                { "image_id": "img-b", "name": "Second", "extra": 1 }
              ]
            }
            """);

        var found = result.Diagnostics.Select(d => (d.Code, d.Location.Line, d.Path)).ToList();
        Assert.Contains(("BTN075", 3, "start_image"), found);
        Assert.Contains(("BTN075", 5, "steps[0].next_step"), found);
        Assert.Contains(("BTN071", 6, "steps[1].extra"), found);
        Assert.Equal("Use a step's name (or its id in snake_case), or 'end'. Did you mean 'second'?", result.Diagnostics.Single(d => d.Path == "steps[0].next_step").Fix);
        Assert.Equal("Use the image_id of the first step. Did you mean 'img-a'?", result.Diagnostics.Single(d => d.Path == "start_image").Fix);
    }

    [Fact]
    public void Load_WdlCycle_IsRefusedByTheGraphCheck()
    {
        var result = Load("""
            { "workflow_name": "Loop", "steps": [
              { "image_id": "a", "name": "A", "next_step": "b" },
              { "image_id": "b", "name": "B", "next_step": "a" } ] }
            """);

        var cycle = Assert.Single(result.Diagnostics, d => d.Code == "BTN024");
        Assert.Contains("a -> b -> a", cycle.Message, StringComparison.Ordinal);
        Assert.StartsWith("steps[", cycle.Path, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_Gcl_IsOneStepRunByItsHandler()
    {
        var result = Load("""
            computation: "aggregate_data"
            inputs: ["part_1", "part_2"]
            output: "aggregated_result"
            handler_type: "analytics_handler"
            priority: "high"
            """, "spec.gcl.yaml");

        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        var step = Assert.Single(result.Definition!.Steps);
        Assert.Equal(("aggregated_result", "analytics_handler"), (step.Id, step.Task));
        Assert.Equal("""{"computation":"aggregate_data","inputs":{"part_1":"${input.part_1}","part_2":"${input.part_2}"}}""", step.Input!.ToJsonString());
        Assert.Equal(10, step.Priority);
    }

    [Fact]
    public void Load_GclWithUnknownHandlerAndBadPriority_SaysWhereAndWhy()
    {
        var result = DefinitionLoader.Load("""
            computation: sum
            output: total
            handler_type: numbr_cruncher
            priority: urgent
            """, "spec.gcl.yaml", new DefinitionOptions(new HashSet<string> { "number_cruncher" }));

        var priority = Assert.Single(result.Diagnostics);
        Assert.Equal(("BTN076", 4, "priority"), (priority.Code, priority.Location.Line, priority.Path));
        var fixedPriority = DefinitionLoader.Load("computation: sum\noutput: total\nhandler_type: numbr_cruncher\n", "spec.gcl.yaml",
            new DefinitionOptions(new HashSet<string> { "number_cruncher" }));
        var handler = Assert.Single(fixedPriority.Diagnostics);
        Assert.Equal(("BTN022", 3, "handler_type"), (handler.Code, handler.Location.Line, handler.Path));
        Assert.Contains("number_cruncher", handler.Fix, StringComparison.Ordinal);
    }
}
