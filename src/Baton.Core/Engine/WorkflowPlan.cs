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
            IsCompensation = i >= definition.Steps.Length,
            Cases = [.. s.Cases.Select(c => (Template.Parse(Conditions.ToTemplate(c.When)), c.Steps))],
            Gates = [.. gates[s.Id]],
            GotoFrom = [.. definition.Steps.Where(f => f.GotoTarget == s.Id && f.Id != s.Id).Select(f => f.Id)],
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

    private static RetryPolicy EffectiveRetry(StepDefinition step, WorkflowConfig config) =>
        step.Retry ?? config.Retry ?? (step.OnFailure == OnFailure.Retry ? RetryPolicy.Default : RetryPolicy.None);
}
