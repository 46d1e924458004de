namespace Baton.Core.Definitions;

/// <summary>What the loader checks a definition against beyond the language itself.</summary>
/// <remarks>Null sets switch the matching check off (e.g. <c>baton validate</c> without a catalog).</remarks>
public sealed record DefinitionOptions(IReadOnlySet<string>? KnownTasks = null, IReadOnlySet<string>? AllowedEnv = null)
{
    /// <summary>The contracts of the catalog's tasks, by task name; the wiring of steps that call them is checked against
    /// them. Null or empty: no wiring check.</summary>
    public IReadOnlyDictionary<string, TaskContract>? Contracts { get; init; }

    /// <summary>For a file that holds several workflows (model-compose), the one to load by name; null loads its default one.</summary>
    public string? Workflow { get; init; }

    /// <summary>Checks only the language.</summary>
    public static DefinitionOptions LanguageOnly { get; } = new();
}
