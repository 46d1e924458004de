using System.Text.Json.Nodes;

namespace Baton.Core.Definitions.Import;

/// <summary>What an importer made of a file in another format: the native workflow, and the catalog its own
/// components describe.</summary>
/// <param name="Workflow">The native document, positioned in the source file; null when the file could not be imported.</param>
/// <param name="Catalog">A native catalog (<c>kind: Catalog</c>) for the components the file defines; null when it defines none.</param>
/// <param name="Problems">What stopped or limited the import, located in the source file.</param>
public sealed record ImportResult(SourceDocument? Workflow, JsonObject? Catalog, IReadOnlyList<Diagnostic> Problems)
{
    /// <summary>What the importer left out without refusing the file (sections Baton has no use for), located in it.</summary>
    public IReadOnlyList<Diagnostic> Warnings { get; init; } = [];
}
