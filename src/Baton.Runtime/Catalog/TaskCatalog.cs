using System.Collections.Immutable;

namespace Baton.Runtime.Catalog;

/// <summary>The bindings of task names to runners, plus the directory relative paths resolve against.</summary>
/// <remarks>Built-in functions (see <see cref="Runners.FunctionRegistry"/>) are available without a binding; a
/// binding of the same name takes precedence.</remarks>
public sealed record TaskCatalog(ImmutableDictionary<string, TaskBinding> Tasks, string BaseDirectory)
{
    /// <summary>The catalog's name from <c>metadata.name</c>, used by the definitions registry; optional in files.</summary>
    public string? Name { get; init; }

    /// <summary>The catalog's version from <c>metadata.version</c>.</summary>
    public string? Version { get; init; }

    /// <summary>The contracts of the catalog's bindings, by task name, for <see cref="Core.Definitions.DefinitionOptions.Contracts"/>.</summary>
    public IReadOnlyDictionary<string, Core.Definitions.TaskContract> Contracts() =>
        Tasks.Where(t => t.Value.Contract is not null).ToImmutableDictionary(t => t.Key, t => t.Value.Contract!, StringComparer.Ordinal);

    /// <summary>The retry defaults of the catalog's bindings, by task name, for <see cref="Core.Engine.WorkflowPlan.WithTaskRetries"/>.</summary>
    public IReadOnlyDictionary<string, Core.Definitions.RetryPolicy> Retries() =>
        Tasks.Where(t => t.Value.Retry is not null).ToImmutableDictionary(t => t.Key, t => t.Value.Retry!, StringComparer.Ordinal);

    /// <summary>A catalog with no bindings.</summary>
    public static TaskCatalog Empty { get; } = new(ImmutableDictionary<string, TaskBinding>.Empty, ".");
}
