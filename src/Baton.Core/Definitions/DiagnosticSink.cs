namespace Baton.Core.Definitions;

/// <summary>Collects diagnostics against one source document, turning key paths into file positions.</summary>
/// <remarks>Create one per document; it is not thread-safe.</remarks>
public sealed class DiagnosticSink(SourceDocument document)
{
    private readonly List<Diagnostic> _items = [];

    /// <summary>The document the paths refer to.</summary>
    public SourceDocument Document { get; } = document;

    /// <summary>The diagnostics so far, in the order found.</summary>
    public IReadOnlyList<Diagnostic> Items => _items;

    /// <summary>True once any diagnostic was added.</summary>
    public bool HasErrors => _items.Count > 0;

    /// <summary>Adds a diagnostic located at the value of a path.</summary>
    public void Add(string code, string path, string message, string fix) =>
        _items.Add(new Diagnostic(code, Document.LocationOf(path), Document.SourcePathOf(path), message, fix));

    /// <summary>Adds a diagnostic located at the key of a path.</summary>
    public void AddAtKey(string code, string path, string message, string fix) =>
        _items.Add(new Diagnostic(code, Document.KeyLocationOf(path), Document.SourcePathOf(path), message, fix));

    /// <summary>The diagnostics in source order.</summary>
    public IReadOnlyList<Diagnostic> Sorted() =>
        [.. _items.OrderBy(d => d.Location.Line).ThenBy(d => d.Location.Column)];
}
