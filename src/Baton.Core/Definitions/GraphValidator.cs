namespace Baton.Core.Definitions;

/// <summary>Checks step ids and dependencies: duplicates, unknown targets, self-dependencies and cycles.</summary>
internal static class GraphValidator
{
    public static void Validate(WorkflowDefinition definition, DiagnosticSink sink)
    {
        var seen = new Dictionary<string, StepDefinition>(StringComparer.Ordinal);
        foreach (var step in definition.Steps)
        {
            if (!seen.TryAdd(step.Id, step))
            {
                var first = sink.Document.LocationOf(seen[step.Id].SourcePath + ".id");
                sink.Add("BTN020", step.SourcePath + ".id", $"The step id '{step.Id}' is already used at line {first.Line}.",
                    "Give every step its own id.");
            }
        }
        var ids = seen.Keys.ToArray();
        foreach (var step in definition.Steps)
        {
            for (var i = 0; i < step.DependsOn.Length; i++)
            {
                var dep = step.DependsOn[i];
                var path = $"{step.SourcePath}.depends_on[{i}]";
                if (dep == step.Id)
                {
                    sink.Add("BTN023", path, $"Step '{step.Id}' depends on itself.", "Remove it from its own depends_on.");
                }
                else if (!seen.ContainsKey(dep))
                {
                    var others = ids.Where(id => id != step.Id);
                    sink.Add("BTN023", path, $"Step '{step.Id}' depends on '{dep}', which is not a step.",
                        Suggest.Closest(dep, others) is { } s ? $"Did you mean '{s}'?" : Suggest.Some("Use one of", others));
                }
            }
        }
        if (StepGraph.Of(definition.Steps).FindCycle() is { } cycle)
        {
            var at = definition.Steps.First(s => s.Id == cycle[0]);
            sink.Add("BTN024", at.SourcePath + ".depends_on", $"The steps depend on each other in a cycle: {string.Join(" -> ", cycle)}.",
                "Remove one of these dependencies so the steps form a directed acyclic graph.");
        }
    }
}
