using System.Collections.Immutable;
using Baton.Core.Definitions;
using Baton.Core.Expressions;

namespace Baton.Core.Engine;

/// <summary>One compiled step.</summary>
public sealed record StepPlan(
    StepDefinition Definition,
    int Index,
    ImmutableArray<string> Dependents,
    TemplateTree Input,
    Template? Condition,
    Template? Until,
    Template? Message,
    RetryPolicy Retry)
{
    /// <summary>For a task, workflow, event, for_each or loop step, its compiled <c>output</c> mapping (over <c>output</c>, the result); else null.</summary>
    public TemplateTree? Output { get; init; }

    /// <summary>For an event step, the compiled filter an event must satisfy; else null.</summary>
    public Template? Filter { get; init; }

    /// <summary>True for a step of <c>spec.compensation</c>: never scheduled by dependencies, only by the compensation.</summary>
    public bool IsCompensation { get; init; }

    /// <summary>For a switch step, its compiled cases in order.</summary>
    public ImmutableArray<(Template When, ImmutableArray<string> Steps)> Cases { get; init; } = [];

    /// <summary>For a for_each step, the compiled list expression.</summary>
    public Template? Items { get; init; }

    /// <summary>For a loop step, the compiled condition checked before each iteration.</summary>
    public Template? LoopWhile { get; init; }

    /// <summary>For a loop step, the compiled condition checked after each iteration.</summary>
    public Template? LoopUntil { get; init; }

    /// <summary>For a for_each step, the compiled per-item task; its items (<c>id[i]</c>) run with this plan.</summary>
    public StepPlan? Body { get; init; }

    /// <summary>The steps that go to this one on failure: it runs only when one of them failed.</summary>
    public ImmutableArray<string> GotoFrom { get; init; } = [];

    /// <summary>The switches whose branches name this step: it runs only if every one of them chose a branch holding it.</summary>
    public ImmutableArray<string> Gates { get; init; } = [];
}
