namespace Baton.Core.Definitions;

/// <summary>The outcome of loading a definition: the definition when it is valid, and every problem found.</summary>
public sealed record LoadResult(WorkflowDefinition? Definition, IReadOnlyList<Diagnostic> Diagnostics)
{
    /// <summary>True when the definition loaded without problems.</summary>
    public bool Succeeded => Definition is not null && Diagnostics.Count == 0;

    /// <summary>Returns the definition or throws a <see cref="DefinitionException"/> carrying every problem.</summary>
    public WorkflowDefinition GetOrThrow() => Succeeded ? Definition! : throw new DefinitionException(Diagnostics);
}
