using System.Text.Json.Nodes;

namespace Baton.Core.Definitions.Import;

/// <summary>Seed 003's computation spec: one computation a handler runs, read as a one-step workflow.</summary>
/// <remarks>The step's id is the spec's <c>output</c> name; its task is the <c>handler_type</c> (the catalog binds handler
/// types to the services that run them); its input is <c>{ computation, inputs: { name: ${input.name} } }</c>, each named
/// input read from the workflow input. <c>priority</c> (<c>low</c>, <c>normal</c>, <c>high</c> or a number) becomes the step's
/// <c>priority</c> (-10, 0, 10, or the number rounded into -1000..1000).</remarks>
internal static class GclImporter
{
    private static readonly string[] Keys = ["computation", "inputs", "output", "handler_type", "priority", "description"];
    private static readonly string[] Priorities = ["low", "normal", "high"];

    /// <summary>A computation spec's priority as a step's: low, normal and high are -10, 0 and 10; a number is rounded into
    /// -1000..1000; anything else is null.</summary>
    public static int? Priority(string priority) => priority switch
    {
        "low" => -10,
        "normal" => 0,
        "high" => 10,
        _ when double.TryParse(priority, System.Globalization.CultureInfo.InvariantCulture, out var n) && double.IsFinite(n) => (int)Math.Clamp(Math.Round(n), -1000, 1000),
        _ => null,
    };

    public static JsonNode? Import(JsonObject root, ImportBuilder b)
    {
        b.OnlyKeys(root, "", "computation spec", Keys);
        var computation = b.String(root, "", "computation", required: true, example: "computation: aggregate_data");
        var output = b.String(root, "", "output", required: true, example: "output: aggregated_result");
        var handler = b.String(root, "", "handler_type", required: true, example: "handler_type: analytics_handler");
        var inputs = b.Strings(root, "", "inputs");
        var priority = b.String(root, "", "priority");
        if (priority is not null && Priority(priority) is null)
        {
            b.Error("BTN076", "priority", $"'{priority}' is not a priority.", $"Use low, normal, high or a number.{Suggest.DidYouMean(priority, Priorities)}");
        }
        if (computation is null || output is null || handler is null)
        {
            return null;
        }
        var id = ImportText.Snake(output);
        var (doc, spec) = Importers.Skeleton(b, Names.IsValidName(ImportText.Kebab(output)) ? ImportText.Kebab(output) : "computation", "output",
            b.String(root, "", "description"));
        var named = new JsonObject();
        foreach (var (name, path) in inputs)
        {
            named[name] = "${" + ImportText.Member("input", name) + "}";
            b.Map($"spec.steps[0].input.inputs.{name}", path);
        }
        var step = new JsonObject
        {
            ["id"] = id,
            ["task"] = handler,
            ["input"] = new JsonObject { ["computation"] = computation, ["inputs"] = named },
        };
        if (priority is not null && b.Problems.Count == 0)
        {
            step["priority"] = Priority(priority);
            b.Map("spec.steps[0].priority", "priority");
        }
        spec["steps"] = new JsonArray(step);
        b.Map("spec.steps", "");
        b.Map("spec.steps[0]", "");
        b.Map("spec.steps[0].id", "output");
        b.Map("spec.steps[0].task", "handler_type");
        b.Map("spec.steps[0].input", "inputs");
        b.Map("spec.steps[0].input.computation", "computation");
        return b.Problems.Count == 0 ? doc : null;
    }
}
