namespace Baton.Core.Definitions;

/// <summary>Checks step ids and dependencies: duplicates, unknown targets, self-dependencies and cycles.</summary>
internal static class GraphValidator
{
    /// <summary>Reports every problem of the definition's step graph to the sink.</summary>
    /// <param name="definition">The definition.</param>
    /// <param name="sink">Where problems go, located in the sink's document.</param>
    /// <param name="running">When validating steps a result adds at run time: the steps the instance ran with before, which are
    /// not in the sink's document, so a clash with one of them names the step instead of a line.</param>
    public static void Validate(WorkflowDefinition definition, DiagnosticSink sink, IReadOnlySet<StepDefinition>? running = null)
    {
        var seen = new Dictionary<string, StepDefinition>(StringComparer.Ordinal);
        foreach (var step in definition.Steps.Concat(definition.Compensation))
        {
            if (!seen.TryAdd(step.Id, step))
            {
                var where = running is null ? $"at line {sink.Document.LocationOf(seen[step.Id].SourcePath + ".id").Line}"
                    : running.Contains(seen[step.Id]) ? "by a step of the running workflow"
                    : $"by the step at '{seen[step.Id].SourcePath}'";
                sink.Add("BTN020", step.SourcePath + ".id", $"The step id '{step.Id}' is already used {where}.", "Give every step its own id.");
            }
        }
        var ids = definition.Steps.Select(s => s.Id).Distinct(StringComparer.Ordinal).ToArray();
        CheckCompensation(definition, ids, sink);
        CheckBranches(definition, ids, sink);
        foreach (var step in definition.Steps.Where(s => s.GotoTarget is { } t && (t == s.Id || !ids.Contains(t, StringComparer.Ordinal))))
        {
            sink.Add("BTN023", step.SourcePath + (step.OnTimeout == OnTimeout.Goto ? ".on_timeout.goto" : ".on_failure.goto"), step.GotoTarget == step.Id
                    ? $"Step '{step.Id}' goes to itself on failure."
                    : $"Step '{step.Id}' goes to '{step.GotoTarget}', which is not a step.",
                step.GotoTarget == step.Id ? "Go to the step that handles the failure, or use retry." :
                Suggest.Hint(step.GotoTarget!, ids, "Use one of"));
        }
        var restarts = definition.Steps.Where(s => s.Type == StepType.ContinueAsNew).Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
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
                else if (restarts.Contains(dep))
                {
                    sink.Add("BTN029", path, $"Step '{step.Id}' depends on '{dep}', a continue_as_new step: the instance starts over there, so nothing runs after it.",
                        $"Remove '{dep}' from depends_on, or make '{dep}' depend on '{step.Id}'.");
                }
                else if (!seen.ContainsKey(dep))
                {
                    var others = ids.Where(id => id != step.Id);
                    sink.Add("BTN023", path, $"Step '{step.Id}' depends on '{dep}', which is not a step.",
                        Suggest.Hint(dep, others, "Use one of"));
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

    // Every compensating step undoes a step of the workflow, and only a workflow with compensation can ask for it.
    private static void CheckCompensation(WorkflowDefinition definition, string[] ids, DiagnosticSink sink)
    {
        foreach (var step in definition.Compensation.Where(s => s.Undoes is not null && !ids.Contains(s.Undoes, StringComparer.Ordinal)))
        {
            sink.Add("BTN023", step.SourcePath + ".undoes", $"Compensation step '{step.Id}' undoes '{step.Undoes}', which is not a step of the workflow.",
                Suggest.Hint(step.Undoes!, ids, "Use one of"));
        }
        foreach (var step in definition.Compensation.Where(s => s.Type == StepType.ContinueAsNew))
        {
            sink.Add("BTN029", step.SourcePath + ".type", $"Compensation step '{step.Id}' cannot continue as new: a compensation undoes work while the instance fails.",
                "Use a task, set or fail step here.");
        }
        if (!definition.Compensation.IsEmpty)
        {
            return;
        }
        foreach (var step in definition.Steps)
        {
            if (step.OnFailure == OnFailure.Compensate)
            {
                sink.Add("BTN028", step.SourcePath + ".on_failure", $"Step '{step.Id}' asks to compensate, but the workflow has no compensation.",
                    "Add spec.compensation: [ { id: undo-x, task: ..., undoes: x } ], or use on_failure: fail.");
            }
            if (step.OnTimeout == OnTimeout.Compensate)
            {
                sink.Add("BTN028", step.SourcePath + ".on_timeout", $"Step '{step.Id}' asks to compensate, but the workflow has no compensation.",
                    "Add spec.compensation: [ { id: undo-x, task: ..., undoes: x } ], or use on_timeout: fail.");
            }
        }
    }

    // Every step a switch names is a step of the workflow, other than the switch itself.
    private static void CheckBranches(WorkflowDefinition definition, string[] ids, DiagnosticSink sink)
    {
        foreach (var sw in definition.Steps.Where(s => s.Type == StepType.Switch))
        {
            var named = sw.Cases.SelectMany((c, i) => c.Steps.Select((t, j) => (Target: t, Path: $"{sw.SourcePath}.cases[{i}].steps[{j}]")))
                .Concat(sw.Default.Select((t, j) => (Target: t, Path: $"{sw.SourcePath}.default[{j}]")));
            foreach (var (target, path) in named)
            {
                if (target == sw.Id)
                {
                    sink.Add("BTN023", path, $"Switch '{sw.Id}' names itself as a branch step.", "Name the steps that run on this branch.");
                }
                else if (!ids.Contains(target, StringComparer.Ordinal))
                {
                    sink.Add("BTN023", path, $"Switch '{sw.Id}' names '{target}', which is not a step.",
                        Suggest.Hint(target, ids, "Use one of"));
                }
            }
        }
    }
}
