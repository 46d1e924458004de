using System.Text.Json.Nodes;
using Baton.Core.Expressions;

namespace Baton.Core.Definitions;

/// <summary>Checks a workflow's wiring against its tasks' contracts: every <c>${steps.X.output.path}</c> against X's
/// output schema (BTN093), and every step's input against its task's input schema (BTN094).</summary>
/// <remarks>Types are inferred where they can be (literals, fields of a contract's output, fields of the workflow's
/// input schema, the results of operators); where a type is unknown nothing is claimed.</remarks>
internal static partial class WiringValidator
{
    public static void Validate(WorkflowDefinition definition, DefinitionOptions options, DiagnosticSink sink)
    {
        if (options.Contracts is not { Count: > 0 } contracts)
        {
            return;
        }
        var outputs = new Dictionary<string, (string Task, JsonNode Schema)>(StringComparer.Ordinal);
        foreach (var step in definition.Steps.Concat(definition.Compensation).Where(s => s.Type == StepType.Task && s.Task is not null && s.Output is null))
        {
            if (contracts.TryGetValue(step.Task!, out var c) && c.OutputSchema is { } schema)
            {
                outputs[step.Id] = (step.Task!, schema);
            }
        }
        var wiring = new Wiring(outputs, definition.InputSchema, sink);
        foreach (var site in ExpressionValidator.Sites(definition, null))
        {
            foreach (var (path, template) in Templates(site))
            {
                foreach (var (text, expr) in template.Expressions)
                {
                    wiring.CheckReads(expr, text, path);
                }
            }
        }
        foreach (var step in definition.Steps.Concat(definition.Compensation).Concat(definition.Steps.Select(s => s.Body).OfType<StepDefinition>()))
        {
            if (step.Task is { } task && contracts.TryGetValue(task, out var contract) && contract.InputSchema is { } schema)
            {
                wiring.CheckInput(step, task, schema);
            }
        }
    }

    private static IEnumerable<(string Path, Template Template)> Templates(ExpressionValidator.Site site)
    {
        if (site.Text is { } text)
        {
            Template? parsed = null;
            try
            {
                parsed = Template.Parse(site.Bare ? Conditions.ToTemplate(text) : text);
            }
            catch (ExpressionException)
            {
                // reported by the expression check
            }
            return parsed is null ? [] : [(site.Path, parsed)];
        }
        var (tree, _) = TemplateTree.ParseAll(site.Tree);
        return tree.Templates.Select(t => (t.Path.Length == 0 ? site.Path : t.Path.StartsWith('[') ? site.Path + t.Path : $"{site.Path}.{t.Path}", t.Template));
    }
}
