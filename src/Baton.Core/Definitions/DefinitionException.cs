namespace Baton.Core.Definitions;

/// <summary>Thrown when a definition cannot be loaded; carries every problem found, not just the first.</summary>
public sealed class DefinitionException : Exception
{
    /// <summary>Creates the exception from the full list of problems.</summary>
    public DefinitionException(IReadOnlyList<Diagnostic> diagnostics)
        : base(Format(diagnostics)) => Diagnostics = diagnostics;

    /// <summary>Every problem found in the definition, in source order.</summary>
    public IReadOnlyList<Diagnostic> Diagnostics { get; }

    private static string Format(IReadOnlyList<Diagnostic> diagnostics) =>
        diagnostics.Count == 1
            ? diagnostics[0].ToString()
            : $"{diagnostics.Count} problems:{Environment.NewLine}" + string.Join(Environment.NewLine, diagnostics);
}
