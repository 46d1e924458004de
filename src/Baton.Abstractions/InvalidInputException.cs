namespace Baton.Abstractions;

/// <summary>Thrown when a start's input is refused (too deep, not matching the workflow's input schema, or holding a data reference); nothing is stored.</summary>
public sealed class InvalidInputException(IReadOnlyList<string> errors)
    : Exception(Summary + " " + string.Join("; ", errors))
{
    /// <summary>The one-line title every surface (problem details, CLI) shows above the errors.</summary>
    public const string Summary = "The workflow input is invalid (too deep, not matching the workflow's input schema, or holding a data reference only Baton may write).";

    /// <summary>One line per problem: JSON pointer and reason.</summary>
    public IReadOnlyList<string> Errors { get; } = errors;
}
