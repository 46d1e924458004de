namespace Baton.Core.Definitions;

/// <summary>Checks that every task a workflow names is bound in the catalog.</summary>
internal static class TaskValidator
{
    public static void Validate(WorkflowDefinition definition, DefinitionOptions options, DiagnosticSink sink)
    {
        if (options.KnownTasks is not { } known)
        {
            return;
        }
        foreach (var step in definition.Steps.Concat(definition.Compensation).Concat(definition.Steps.Select(s => s.Body).OfType<StepDefinition>()).Where(s => s.Task is not null && !known.Contains(s.Task)))
        {
            var hint = Suggest.Closest(step.Task!, known) is { } s
                ? $"Did you mean '{s}'? Otherwise add '{step.Task}' to the catalog."
                : $"Add '{step.Task}' to the catalog, or use one of: {string.Join(", ", known.Order())}.";
            sink.Add("BTN022", step.SourcePath + ".task", $"The task '{step.Task}' is not in the catalog.", hint);
        }
    }
}
