using System.Text.Json.Nodes;
using Baton.Core.Expressions;

namespace Baton.Core.Definitions;

/// <summary>Parses every expression in a definition and checks what each refers to.</summary>
/// <remarks>A step may read only steps upstream of it (its transitive depends_on); variables may read input,
/// env and workflow; the output mapping may read any step.</remarks>
internal static class ExpressionValidator
{
    private static readonly string[] StepRoots = ["input", "steps", "variables", "env", "workflow"];
    private static readonly string[] OutputRoots = ["input", "steps", "variables", "env", "workflow", "output"];
    private static readonly string[] VariableRoots = ["input", "env", "workflow"];
    private static readonly string[] FilterRoots = ["input", "steps", "variables", "env", "workflow", "event"];
    private static readonly string[] ItemRoots = ["input", "steps", "variables", "env", "workflow", "item", "index"];
    private static readonly string[] IterationRoots = ["input", "steps", "variables", "env", "workflow", "iteration", "last"];
    private static readonly string[] TriggerRoots = ["trigger"];

    public static void Validate(WorkflowDefinition definition, DefinitionOptions options, DiagnosticSink sink)
    {
        var ids = definition.Steps.Concat(definition.Compensation).Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        // Upstream questions need an acyclic graph; unknown and self dependencies are left out of it, so they do
        // not hide the other problems of a step.
        var graph = sink.Items.Any(d => d.Code == "BTN024") ? null : StepGraph.Of(definition.Steps);
        foreach (var site in Sites(definition, graph))
        {
            if (site.Text is null)
            {
                CheckTree(site.Tree, site.Path, site.Roots, site.Scope, ids, options, sink);
            }
            else
            {
                CheckString(site.Text, site.Path, site.Roots, site.Scope, ids, options, sink, site.Bare);
            }
        }
    }

    /// <summary>One place in a definition that holds expressions: a value tree, or one string (<paramref name="Bare"/>: a
    /// condition written without <c>${}</c>), the names it may start with, and the step it belongs to (null: any step may be read).</summary>
    internal sealed record Site(string Path, JsonNode? Tree, string? Text, bool Bare, string[] Roots, StepScope? Scope);

    /// <summary>Every place in a definition that holds expressions, in the order of the file's sections.</summary>
    /// <remarks>The one list of where expressions live: checking names (here) and checking wiring against contracts
    /// (<see cref="WiringValidator"/>) both walk it.</remarks>
    internal static IEnumerable<Site> Sites(WorkflowDefinition definition, StepGraph? graph)
    {
        yield return new("spec.variables", definition.Variables, null, false, VariableRoots, null);
        foreach (var step in definition.Steps)
        {
            var scope = new StepScope(step.Id, graph);
            yield return new(step.SourcePath + ".input", step.Input, null, false, StepRoots, scope);
            yield return new(step.SourcePath + ".output", step.Output, null, false, OutputRoots, scope);
            yield return new(step.SourcePath + ".condition", null, step.Condition, true, StepRoots, scope);
            yield return new(step.SourcePath + ".until", null, step.WaitUntil, false, StepRoots, scope);
            yield return new(step.SourcePath + ".message", null, step.Message, false, StepRoots, scope);
            yield return new(step.SourcePath + ".filter", null, step.Filter, true, FilterRoots, scope);
            yield return new(step.SourcePath + ".items", null, step.Items, true, StepRoots, scope);
            if (step.Body is { } body)
            {
                yield return new(body.SourcePath + ".input", body.Input, null, false, step.Type == StepType.Loop ? IterationRoots : ItemRoots, scope);
            }
            yield return new(step.SourcePath + ".while", null, step.While, true, IterationRoots, scope);
            yield return new(step.SourcePath + ".until", null, step.Until, true, IterationRoots, scope);
            for (var i = 0; i < step.Cases.Length; i++)
            {
                yield return new($"{step.SourcePath}.cases[{i}].when", null, step.Cases[i].When, true, StepRoots, scope);
            }
        }
        // Compensation runs after the workflow's steps have stopped: it may read any of them.
        foreach (var step in definition.Compensation)
        {
            yield return new(step.SourcePath + ".input", step.Input, null, false, StepRoots, null);
            yield return new(step.SourcePath + ".condition", null, step.Condition, true, StepRoots, null);
            yield return new(step.SourcePath + ".until", null, step.WaitUntil, false, StepRoots, null);
            yield return new(step.SourcePath + ".message", null, step.Message, false, StepRoots, null);
        }
        yield return new("spec.output.mapping", definition.Output, null, false, StepRoots, null);
        // A trigger's input is made before the instance exists: it sees only what fired it.
        foreach (var trigger in definition.Triggers)
        {
            yield return new(trigger.SourcePath + ".input", trigger.Input, null, false, TriggerRoots, null);
        }
    }

    /// <summary>The step whose expressions are checked, and the graph that says what is upstream of it (null: not checked).</summary>
    internal sealed record StepScope(string Id, StepGraph? Graph);

    private static void CheckTree(JsonNode? tree, string path, string[] roots, StepScope? step,
        HashSet<string> ids, DefinitionOptions options, DiagnosticSink sink)
    {
        if (ValueLimits.DepthProblem(tree) is { } tooDeep)
        {
            sink.Add("BTN027", path, $"This value is too deep: {tooDeep}.",
                "Flatten it, or pass the deep part as workflow input or a step's output instead of writing it here.");
            return;
        }
        var (parsed, errors) = TemplateTree.ParseAll(tree);
        foreach (var ex in errors)
        {
            Report(sink, Join(path, ex.Path), ex.Error!);
        }
        foreach (var (rel, template) in parsed.Templates)
        {
            CheckTemplate(template, Join(path, rel), roots, step, ids, options, sink);
        }
    }

    private static void CheckString(string? text, string path, string[] roots, StepScope? step,
        HashSet<string> ids, DefinitionOptions options, DiagnosticSink sink, bool bare = false)
    {
        if (text is null)
        {
            return;
        }
        try
        {
            CheckTemplate(Template.Parse(bare ? Conditions.ToTemplate(text) : text), path, roots, step, ids, options, sink);
        }
        catch (ExpressionException ex)
        {
            Report(sink, path, ex);
        }
    }

    private static void CheckTemplate(Template template, string path, string[] roots, StepScope? step,
        HashSet<string> ids, DefinitionOptions options, DiagnosticSink sink)
    {
        foreach (var (text, expr) in template.Expressions)
        {
            foreach (var (name, pos) in References.Roots(expr).Where(r => !roots.Contains(r.Name)))
            {
                var why = roots == VariableRoots && name is "steps" or "variables"
                    ? "Variables are set before any step runs; move this into a 'set' step."
                    : Suggest.Closest(name, roots) is { } s ? $"Did you mean '{s}'?" : $"Start with one of: {string.Join(", ", roots)}.";
                Report(sink, path, new ExpressionException($"Unknown name '{name}'", text, pos), why);
            }
            foreach (var (envName, pos) in References.Env(expr).Where(e => SettingNames.IsProtected(e.Name)))
            {
                Report(sink, path, new ExpressionException($"The environment variable '{envName}' is one of the host's own settings", text, pos),
                    "The host's storage, keys, identity and runtime settings are never readable; pass the value as input.");
            }
            if (options.AllowedEnv is { } allowed)
            {
                foreach (var (envName, pos) in References.Env(expr).Where(e => !allowed.Contains(e.Name) && !SettingNames.IsProtected(e.Name)))
                {
                    Report(sink, path, new ExpressionException($"The environment variable '{envName}' is not allow-listed", text, pos),
                        $"Add '{envName}' to the env allow-list (BATON_ENV_ALLOW or --allow-env), or pass the value as input.");
                }
            }
            foreach (var (target, pos) in References.Steps(expr))
            {
                if (!ids.Contains(target))
                {
                    Report(sink, path, new ExpressionException($"No step is called '{target}'", text, pos),
                        Suggest.Closest(target, step is null ? ids : ids.Where(id => id != step.Id)) is { } s ? $"Did you mean '{s}'?" : "Refer to an existing step id.");
                }
                else if (step is { } st && target == st.Id)
                {
                    Report(sink, path, new ExpressionException($"Step '{st.Id}' cannot read its own result", text, pos),
                        "Read the results of upstream steps only.");
                }
                else if (step is { Graph: { } graph } s2 && !graph.IsUpstream(target, s2.Id))
                {
                    Report(sink, path, new ExpressionException($"Step '{target}' is not upstream of '{s2.Id}'", text, pos),
                        $"Add '{target}' to the depends_on of '{s2.Id}'.");
                }
            }
        }
    }

    private static string Join(string path, string rel) => rel.Length == 0 ? path : rel.StartsWith('[') ? path + rel : $"{path}.{rel}";

    private static void Report(DiagnosticSink sink, string path, ExpressionException ex, string? fix = null) =>
        sink.Add("BTN030", path, $"{ex.Reason} in '${{{ex.Expression}}}' at column {ex.Position + 1} of the expression.",
            fix ?? "Check the expression's syntax: operators == != < <= > >= && || ! + - * / % ?:, paths like steps.<id>.output.x, functions like len(x).");
}
