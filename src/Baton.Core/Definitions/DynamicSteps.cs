using System.Collections.Immutable;
using System.Text.Json.Nodes;

namespace Baton.Core.Definitions;

/// <summary>Steps a task's result adds to its running workflow (<c>next</c> in its output), read and validated as
/// strictly as the workflow's own steps.</summary>
/// <remarks>
/// <para>Each entry is a step in Baton's language, or a seed 003 computation spec (<c>computation</c>, <c>inputs</c>,
/// <c>output</c>, <c>handler_type</c>, <c>priority</c>): the step <c>output</c> runs the task <c>handler_type</c> with
/// <c>{ computation, inputs }</c>, an input named after a step reading that step's output (and waiting for it), any
/// other read from the workflow's input. An entry without <c>depends_on</c> runs after the step that added it.</para>
/// <para>Refused, with every reason: a key the language does not know, an id already used, a dependency or a
/// <c>${steps.X}</c> reference to a step that does not exist or is not upstream, a cycle, and more than
/// <see cref="MaxPerInstance"/> added steps in one instance. Pure: the same running definition and entries always
/// give the same steps.</para>
/// </remarks>
public static class DynamicSteps
{
    /// <summary>The most steps results may add to one instance.</summary>
    public const int MaxPerInstance = 1000;

    private static readonly string[] GclKeys = ["computation", "inputs", "output", "handler_type", "priority", "description"];

    /// <summary>Reads entries a step's result added.</summary>
    /// <param name="running">The definition the instance runs now, with the steps added before.</param>
    /// <param name="producer">The step whose result carries the entries.</param>
    /// <param name="next">The entries.</param>
    /// <returns>The entries in the native form (to record) and the definition with them added; or every problem.</returns>
    public static (JsonArray? Specs, WorkflowDefinition? Extended, IReadOnlyList<string> Problems) Read(WorkflowDefinition running, string producer, JsonArray next)
    {
        ArgumentNullException.ThrowIfNull(running);
        ArgumentNullException.ThrowIfNull(next);
        var problems = new List<string>();
        var specs = new JsonArray();
        var ids = running.Steps.Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var entry in next)
        {
            if (entry is JsonObject o && (o["output"] ?? o["id"]) is JsonValue v && v.TryGetValue<string>(out var id))
            {
                ids.Add(o.ContainsKey("handler_type") && !o.ContainsKey("task") ? Import.ImportText.Snake(id) : id);
            }
        }
        for (var i = 0; i < next.Count; i++)
        {
            if (next[i] is not JsonObject spec)
            {
                problems.Add($"next[{i}] must be a step (a mapping), not {ObjectReader.JsonKind(next[i])}.");
                continue;
            }
            var native = spec.ContainsKey("handler_type") && !spec.ContainsKey("task") ? FromGcl(spec, ids, producer, i, problems) : (JsonObject)spec.DeepClone();
            if (native is not null && !native.ContainsKey("depends_on"))
            {
                native["depends_on"] = new JsonArray(producer);
            }
            if (native is not null)
            {
                specs.Add(native);
            }
        }
        if (problems.Count > 0)
        {
            return (null, null, problems);
        }
        return Validate(running, producer, specs);
    }

    /// <summary>The definition with steps recorded earlier added, as the engine rebuilds it from an instance's state.</summary>
    /// <exception cref="InvalidOperationException">The recorded steps no longer validate (they did when added, so only if the base changed).</exception>
    public static WorkflowDefinition Apply(WorkflowDefinition definition, IEnumerable<(string Producer, JsonArray Specs)> added)
    {
        ArgumentNullException.ThrowIfNull(added);
        foreach (var (producer, specs) in added)
        {
            var (_, extended, problems) = Validate(definition, producer, specs);
            definition = extended ?? throw new InvalidOperationException("Steps added at run time no longer validate: " + string.Join(" ", problems));
        }
        return definition;
    }

    private static (JsonArray? Specs, WorkflowDefinition? Extended, IReadOnlyList<string> Problems) Validate(WorkflowDefinition running, string producer, JsonArray specs)
    {
        if (running.DynamicCount + specs.Count > MaxPerInstance)
        {
            return (null, null, [$"Results may add at most {MaxPerInstance} steps to one instance; this one would have {running.DynamicCount + specs.Count}."]);
        }
        var wrapper = new JsonObject
        {
            ["apiVersion"] = DefinitionLoader.ApiVersion,
            ["kind"] = "Workflow",
            ["metadata"] = new JsonObject { ["name"] = running.Metadata.Name, ["version"] = running.Metadata.Version },
            ["spec"] = new JsonObject { ["steps"] = specs.DeepClone() },
        };
        var (document, syntax) = SourceReader.Read(wrapper.ToJsonString(), $"steps.{producer}.output.next");
        if (document is null)
        {
            return (null, null, [.. syntax.Select(Text)]);
        }
        var sink = new DiagnosticSink(document);
        var read = DefinitionReader.Read(sink);
        if (read is null || sink.HasErrors)
        {
            return (null, null, [.. sink.Sorted().Select(Text)]);
        }
        var extended = running with { Steps = running.Steps.AddRange(read.Steps), DynamicCount = running.DynamicCount + read.Steps.Length };
        GraphValidator.Validate(extended, sink, running.Steps.Concat(running.Compensation).ToHashSet());
        ExpressionValidator.Validate(extended, DefinitionOptions.LanguageOnly, sink);
        return sink.HasErrors ? (null, null, [.. sink.Sorted().Select(Text)]) : (specs, extended, []);
    }

    // The added steps' document is made here (one line of JSON), so problems name them by their place in 'next', never a line.
    private static string Text(Diagnostic d) =>
        $"{d.Code} at '{Next(d.Path)}': {Next(d.Message)} {d.Fix}".TrimEnd();

    private static string Next(string text) => text.Replace("spec.steps", "next", StringComparison.Ordinal);

    /// <summary>A seed 003 computation spec as a native step.</summary>
    private static JsonObject? FromGcl(JsonObject spec, HashSet<string> ids, string producer, int index, List<string> problems)
    {
        foreach (var key in spec.Select(p => p.Key).Where(k => !GclKeys.Contains(k)))
        {
            problems.Add($"next[{index}]: '{key}' is not a computation spec key; use {string.Join(", ", GclKeys)}.");
        }
        string? Text(string key) => spec[key] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
        var (computation, output, handler) = (Text("computation"), Text("output"), Text("handler_type"));
        if (computation is null || output is null || handler is null)
        {
            problems.Add($"next[{index}]: a computation spec needs 'computation', 'output' and 'handler_type'.");
            return null;
        }
        var inputs = new JsonObject();
        var after = new JsonArray(producer);
        foreach (var input in spec["inputs"] as JsonArray ?? [])
        {
            if (input is not JsonValue iv || !iv.TryGetValue<string>(out var name))
            {
                problems.Add($"next[{index}].inputs: each input is a name.");
                continue;
            }
            var stepId = Import.ImportText.Snake(name);
            if (ids.Contains(stepId) && stepId != producer)
            {
                inputs[name] = "${" + $"steps.{stepId}.output" + "}";
                after.Add(stepId);
            }
            else
            {
                inputs[name] = "${" + Import.ImportText.Member(stepId == producer ? $"steps.{producer}.output" : "input", name) + "}";
            }
        }
        var step = new JsonObject
        {
            ["id"] = Import.ImportText.Snake(output),
            ["task"] = handler,
            ["input"] = new JsonObject { ["computation"] = computation, ["inputs"] = inputs },
            ["depends_on"] = after,
        };
        if ((Text("priority") ?? spec["priority"]?.ToJsonString()) is { } priority)
        {
            step["priority"] = Import.GclImporter.Priority(priority);
            if (step["priority"] is null)
            {
                problems.Add($"next[{index}].priority: '{priority}' is not a priority; use low, normal, high or a number.");
            }
        }
        if (Text("description") is { } description)
        {
            step["description"] = description;
        }
        return step;
    }
}
