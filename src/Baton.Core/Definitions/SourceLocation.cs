namespace Baton.Core.Definitions;

/// <summary>A position in a definition file, used to point errors at the text a user wrote.</summary>
/// <remarks>Line and column are 1-based, as editors show them.</remarks>
public readonly record struct SourceLocation(string File, int Line, int Column)
{
    /// <inheritdoc />
    public override string ToString() => $"{File}:{Line}:{Column}";
}
