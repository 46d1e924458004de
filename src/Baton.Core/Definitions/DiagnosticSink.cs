namespace Baton.Core.Definitions;

/// <summary>Collects diagnostics against one source document, turning key paths into file positions.</summary>
internal sealed class DiagnosticSink(SourceDocument document)
{
    private readonly List<Diagnostic> _items = [];

    public SourceDocument Document { get; } = document;

    public IReadOnlyList<Diagnostic> Items => _items;

    public bool HasErrors => _items.Count > 0;

    public void Add(string code, string path, string message, string fix) =>
        _items.Add(new Diagnostic(code, Document.LocationOf(path), path, message, fix));

    public void AddAtKey(string code, string path, string message, string fix) =>
        _items.Add(new Diagnostic(code, Document.KeyLocationOf(path), path, message, fix));

    public IReadOnlyList<Diagnostic> Sorted() =>
        [.. _items.OrderBy(d => d.Location.Line).ThenBy(d => d.Location.Column)];
}
