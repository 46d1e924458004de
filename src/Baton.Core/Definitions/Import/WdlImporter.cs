using System.Text.Json.Nodes;

namespace Baton.Core.Definitions.Import;

/// <summary>Seed 000's workflow description: a chain of service images, each step naming the data it reads and
/// writes and the step after it.</summary>
/// <remarks>Each step becomes a task named by its <c>image_id</c> (the catalog binds image ids to container images, so
/// swapping an image never touches the workflow), with id <c>snake_case(name)</c>. <c>next_step</c> names the next
/// step by that id or by its name, or <c>end</c>; it becomes <c>depends_on</c>. Each <c>input_data</c> name is read
/// from the nearest step before it whose <c>output_data</c> holds that name, else from the workflow input.</remarks>
internal static class WdlImporter
{
    private static readonly string[] RootKeys = ["workflow_name", "start_image", "steps", "description"];
    private static readonly string[] StepKeys = ["image_id", "name", "input_data", "output_data", "next_step", "description"];

    private sealed record Step(int Index, string Path, string Id, string Image, List<(string Value, string Path)> Inputs,
        List<(string Value, string Path)> Outputs, string? Next, string NextPath);

    public static JsonNode? Import(JsonObject root, ImportBuilder b)
    {
        b.OnlyKeys(root, "", "workflow description", RootKeys);
        var name = b.String(root, "", "workflow_name", required: true, example: "workflow_name: ImagePipeline");
        if (root["steps"] is not JsonArray stepNodes || stepNodes.Count == 0)
        {
            b.Error("BTN072", root.ContainsKey("steps") ? "steps" : "", "'steps' must be a non-empty list.",
                "Add steps: [ { image_id: ..., name: ..., next_step: end } ].");
            return null;
        }
        var steps = new List<Step>();
        for (var i = 0; i < stepNodes.Count; i++)
        {
            var path = PathText.Index("steps", i);
            if (stepNodes[i] is not JsonObject s)
            {
                b.Error("BTN073", path, "Each step must be a mapping.", "Write { image_id: ..., name: ... }.");
                continue;
            }
            b.OnlyKeys(s, path, "step", StepKeys);
            var stepName = b.String(s, path, "name", required: true, example: "name: ImageResize");
            var image = b.String(s, path, "image_id", required: true, example: "image_id: image_id_456");
            if (stepName is null || image is null)
            {
                continue;
            }
            steps.Add(new Step(i, path, ImportText.Snake(stepName), image, b.Strings(s, path, "input_data"), b.Strings(s, path, "output_data"),
                b.String(s, path, "next_step"), PathText.Key(path, "next_step")));
        }
        var byId = new Dictionary<string, Step>(StringComparer.Ordinal);
        foreach (var s in steps)
        {
            if (!byId.TryAdd(s.Id, s))
            {
                b.Error("BTN074", PathText.Key(s.Path, "name"), $"Two steps are both called '{s.Id}' once written as an id.", "Give each step its own name.");
            }
        }
        var previous = new Dictionary<string, List<Step>>(StringComparer.Ordinal);
        foreach (var s in steps.Where(s => s.Next is not null && !s.Next.Equals("end", StringComparison.OrdinalIgnoreCase)))
        {
            var next = byId.GetValueOrDefault(s.Next!) ?? byId.GetValueOrDefault(ImportText.Snake(s.Next!));
            if (next is null)
            {
                b.Error("BTN075", s.NextPath, $"next_step '{s.Next}' is not a step of this workflow.",
                    $"Use a step's name (or its id in snake_case), or 'end'. {Suggest.Hint(s.Next!, byId.Keys, "Steps")}");
                continue;
            }
            (previous.TryGetValue(next.Id, out var list) ? list : previous[next.Id] = []).Add(s);
        }
        CheckStart(root, b, steps);
        var (doc, spec) = Importers.Skeleton(b, Names.IsValidName(ImportText.Kebab(name ?? "")) ? ImportText.Kebab(name!) : "imported-workflow", "workflow_name",
            b.String(root, "", "description"));
        var nativeSteps = new JsonArray();
        foreach (var s in steps)
        {
            var native = PathText.Index("spec.steps", nativeSteps.Count);
            var step = new JsonObject { ["id"] = s.Id, ["task"] = s.Image };
            b.Map(native, s.Path);
            b.Map(PathText.Key(native, "id"), PathText.Key(s.Path, "name"));
            b.Map(PathText.Key(native, "task"), PathText.Key(s.Path, "image_id"));
            var before = previous.GetValueOrDefault(s.Id) ?? [];
            if (before.Count > 0)
            {
                step["depends_on"] = new JsonArray([.. before.Select(p => (JsonNode?)JsonValue.Create(p.Id))]);
                b.Map(PathText.Key(native, "depends_on"), before[0].NextPath);
            }
            if (s.Inputs.Count > 0)
            {
                var input = new JsonObject();
                foreach (var (value, path) in s.Inputs)
                {
                    var producer = Producer(s, value, previous);
                    input[value] = "${" + ImportText.Member(producer is null ? "input" : $"steps.{producer.Id}.output", value) + "}";
                    b.Map(PathText.Key(PathText.Key(native, "input"), value), path);
                }
                step["input"] = input;
            }
            nativeSteps.Add(step);
        }
        spec["steps"] = nativeSteps;
        b.Map("spec.steps", "steps");
        return b.Problems.Count == 0 ? doc : null;
    }

    private static void CheckStart(JsonObject root, ImportBuilder b, List<Step> steps)
    {
        if (b.String(root, "", "start_image") is not { } start)
        {
            return;
        }
        if (!steps.Any(s => s.Image == start))
        {
            b.Error("BTN075", "start_image", $"start_image '{start}' is not the image_id of any step.",
                $"Use the image_id of the first step. {Suggest.Hint(start, steps.Select(s => s.Image), "Images")}");
        }
    }

    // The nearest step upstream (breadth-first through the steps before) that writes the value.
    private static Step? Producer(Step step, string value, Dictionary<string, List<Step>> previous)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal) { step.Id };
        var queue = new Queue<Step>(previous.GetValueOrDefault(step.Id) ?? []);
        while (queue.Count > 0)
        {
            var s = queue.Dequeue();
            if (!seen.Add(s.Id))
            {
                continue;
            }
            if (s.Outputs.Any(o => o.Value == value))
            {
                return s;
            }
            foreach (var p in previous.GetValueOrDefault(s.Id) ?? [])
            {
                queue.Enqueue(p);
            }
        }
        return null;
    }
}
