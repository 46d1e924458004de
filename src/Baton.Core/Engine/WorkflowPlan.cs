using System.Collections.Immutable;
using Baton.Core.Definitions;
using Baton.Core.Expressions;
using Json.Schema;

namespace Baton.Core.Engine;

/// <summary>A definition compiled for execution: parsed templates, dependents, effective retry policies.</summary>
/// <remarks>Built once per definition version and shared by all its instances; immutable.</remarks>
public sealed class WorkflowPlan
{
    private WorkflowPlan(WorkflowDefinition definition, ImmutableDictionary<string, StepPlan> steps, ImmutableArray<string> roots,
        TemplateTree variables, TemplateTree? output, JsonSchema? inputSchema, JsonSchema? outputSchema)
    {
        InputSchema = inputSchema;
        OutputSchema = outputSchema;
        Definition = definition;
        Steps = steps;
        Roots = roots;
        Variables = variables;
        Output = output;
    }

    /// <summary>The definition the plan was compiled from.</summary>
    public WorkflowDefinition Definition { get; }

    /// <summary>Each step's compiled form, by id.</summary>
    public ImmutableDictionary<string, StepPlan> Steps { get; }

    /// <summary>Steps without dependencies, in definition order.</summary>
    public ImmutableArray<string> Roots { get; }

    /// <summary>The variables' initial values.</summary>
    public TemplateTree Variables { get; }

    /// <summary>The output mapping, if any.</summary>
    public TemplateTree? Output { get; }

    /// <summary>The compiled input schema, if any; a start's input must match it.</summary>
    public JsonSchema? InputSchema { get; }

    /// <summary>The compiled output schema, if any.</summary>
    public JsonSchema? OutputSchema { get; }

    /// <summary>Compiles a validated definition.</summary>
    public static WorkflowPlan Compile(WorkflowDefinition definition)
    {
        var dependents = definition.Steps.ToDictionary(s => s.Id, _ => ImmutableArray.CreateBuilder<string>());
        var gates = StepDefinition.Gates(definition.Steps);
        // Who goes to each step on failure, found once (a search per step made compiling n steps cost n²).
        var gotoFrom = definition.Steps.Where(f => f.GotoTarget is not null && f.GotoTarget != f.Id).ToLookup(f => f.GotoTarget!, f => f.Id, StringComparer.Ordinal);
        foreach (var s in definition.Steps)
        {
            foreach (var d in s.DependsOn)
            {
                dependents[d].Add(s.Id);
            }
        }
        // Compensating steps are compiled like the others, numbered after them, with no dependents: the engine runs them one at a time.
        var steps = definition.Steps.Concat(definition.Compensation).Select((s, i) => new StepPlan(
            s, i, dependents.TryGetValue(s.Id, out var d) ? d.ToImmutable() : [], TemplateTree.Parse(s.Input),
            s.Condition is null ? null : Template.Parse(Conditions.ToTemplate(s.Condition)),
            s.WaitUntil is null ? null : Template.Parse(s.WaitUntil),
            s.Message is null ? null : Template.Parse(s.Message),
            EffectiveRetry(s, definition.Config))
        {
            Filter = s.Filter is null ? null : Template.Parse(Conditions.ToTemplate(s.Filter)),
            Output = s.Output is null ? null : TemplateTree.Parse(s.Output),
            IsCompensation = i >= definition.Steps.Length,
            Cases = [.. s.Cases.Select(c => (Template.Parse(Conditions.ToTemplate(c.When)), c.Steps))],
            Gates = [.. gates[s.Id]],
            GotoFrom = [.. gotoFrom[s.Id]],
            Items = s.Items is null ? null : Template.Parse(Conditions.ToTemplate(s.Items)),
            LoopWhile = s.While is null ? null : Template.Parse(Conditions.ToTemplate(s.While)),
            LoopUntil = s.Until is null ? null : Template.Parse(Conditions.ToTemplate(s.Until)),
            Body = s.Body is { } body ? new StepPlan(body, i, [], TemplateTree.Parse(body.Input), null, null, null, EffectiveRetry(body, definition.Config)) : null,
        });
        return new WorkflowPlan(definition, steps.ToImmutableDictionary(p => p.Definition.Id),
            [.. definition.Steps.Where(s => s.DependsOn.IsEmpty).Select(s => s.Id)],
            TemplateTree.Parse(definition.Variables), definition.Output is null ? null : TemplateTree.Parse(definition.Output),
            definition.InputSchema is null ? null : JsonSchemas.Build(definition.InputSchema),
            definition.OutputSchema is null ? null : JsonSchemas.Build(definition.OutputSchema));
    }

    /// <summary>This plan with the catalog's retry defaults (<c>retry</c> on a binding) for the task steps that call those tasks
    /// and say nothing of retries themselves; the same plan when none applies.</summary>
    /// <remarks>A step's own <c>retry</c> and the workflow's <c>config.retry</c> win over the catalog's; the catalog's wins over
    /// the built-in policy of <c>on_failure: retry</c>. A for_each body takes its task's default the same way.</remarks>
    public WorkflowPlan WithTaskRetries(IReadOnlyDictionary<string, RetryPolicy> retries)
    {
        ArgumentNullException.ThrowIfNull(retries);
        if (retries.Count == 0 || Definition.Config.Retry is not null)
        {
            return this;
        }
        RetryPolicy? Default(StepDefinition s) => s.Retry is null && s.Task is { } task && retries.TryGetValue(task, out var r) ? r : null;
        var changed = Steps.Values
            .Where(p => Default(p.Definition) is not null || p.Body is { } b && Default(b.Definition) is not null)
            .ToDictionary(p => p.Definition.Id, p => p with
            {
                Retry = Default(p.Definition) ?? p.Retry,
                Body = p.Body is { } body && Default(body.Definition) is { } bodyRetry ? body with { Retry = bodyRetry } : p.Body,
            });
        return changed.Count == 0 ? this
            : new WorkflowPlan(Definition, Steps.SetItems(changed), Roots, Variables, Output, InputSchema, OutputSchema);
    }

    private static RetryPolicy EffectiveRetry(StepDefinition step, WorkflowConfig config) =>
        step.Retry ?? config.Retry ?? (step.OnFailure == OnFailure.Retry ? RetryPolicy.Default : RetryPolicy.None);
}
