namespace Baton.Core.Definitions;

/// <summary>What the loader checks a definition against beyond the language itself.</summary>
/// <remarks>Null sets switch the matching check off (e.g. <c>baton validate</c> without a catalog).</remarks>
public sealed record DefinitionOptions(IReadOnlySet<string>? KnownTasks = null, IReadOnlySet<string>? AllowedEnv = null)
{
    /// <summary>Checks only the language.</summary>
    public static DefinitionOptions LanguageOnly { get; } = new();
}
