namespace Baton.Core.Definitions;

/// <summary>The outcome of loading a definition: the definition when it is valid, and every problem found.</summary>
public sealed record LoadResult(WorkflowDefinition? Definition, IReadOnlyList<Diagnostic> Diagnostics)
{
    /// <summary>True when the definition loaded without problems.</summary>
    public bool Succeeded => Definition is not null && Diagnostics.Count == 0;

    /// <summary>The format the file was imported from (<see cref="Import.Importers"/>); null for a native file.</summary>
    public string? ImportedFrom { get; init; }

    /// <summary>For an imported file, the bindings its own components describe, as a native catalog; else null.</summary>
    public System.Text.Json.Nodes.JsonObject? ImportedCatalog { get; init; }

    /// <summary>For an imported file, the native document it became (what <c>baton convert</c> prints); else null.</summary>
    public SourceDocument? ImportedDocument { get; init; }

    /// <summary>What an importer left out without refusing the file (warnings, located in it); empty for a native file.</summary>
    public IReadOnlyList<Diagnostic> Warnings { get; init; } = [];

    /// <summary>The names of the workflows the file holds when it holds several (model-compose), in the file's order; else empty.</summary>
    public IReadOnlyList<string> Workflows { get; init; } = [];

    /// <summary>Returns the definition or throws a <see cref="DefinitionException"/> carrying every problem.</summary>
    public WorkflowDefinition GetOrThrow() => Succeeded ? Definition! : throw new DefinitionException(Diagnostics);
}
