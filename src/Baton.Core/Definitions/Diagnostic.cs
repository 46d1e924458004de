namespace Baton.Core.Definitions;

/// <summary>One problem found in a definition: what is wrong, where, under which key, and how to fix it.</summary>
/// <remarks>Every diagnostic names a location and a key path; <see cref="Fix"/> is a sentence a user can act on.</remarks>
public sealed record Diagnostic(string Code, SourceLocation Location, string Path, string Message, string Fix)
{
    /// <summary>True for a warning: something an importer left out without refusing the file.</summary>
    public bool IsWarning { get; init; }

    /// <summary>Formats the diagnostic as <c>file:line:col: error CODE at key: message. Fix: ...</c> (<c>warning</c> for a warning).</summary>
    public override string ToString() =>
        $"{Location}: {(IsWarning ? "warning" : "error")} {Code} at '{Path}': {Message} Fix: {Fix}";
}
