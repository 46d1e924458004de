using Baton.Abstractions;
using Baton.Core.Definitions;
using Baton.Runtime.Catalog;

namespace Baton.Runtime.Registration;

/// <summary>Checks registered workflows' wiring against registered catalogs' contracts, for uploads on every host.</summary>
/// <remarks>A workflow upload is checked against the catalog it will start with (the active version of the named catalog,
/// <c>default</c> when none is named): a read of an output field that cannot exist, or an input that cannot fit, refuses it
/// (BTN093, BTN094). A new version of a catalog is compared with the catalog's active version: each problem the active
/// version of a registered workflow would have with the new contracts and does not have today is a break.</remarks>
public static class RegistryWiring
{
    /// <summary>Throws when a workflow upload's wiring does not fit the contracts of the catalog it will run with.</summary>
    /// <exception cref="DefinitionException">Each problem, with file, line, column and a fix.</exception>
    public static async Task CheckWorkflowAsync(Registry registry, StoredDefinition workflow, string catalogName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(workflow);
        var (catalog, _) = await registry.ResolveAsync("catalog", catalogName, null, cancellationToken).ConfigureAwait(false);
        if (catalog is not null && Contracts(catalog) is { Count: > 0 } contracts)
        {
            DefinitionLoader.Load(workflow.Content, workflow.FileName, new DefinitionOptions { Contracts = contracts }).GetOrThrow();
        }
    }

    /// <summary>What registering <paramref name="catalog"/> would break: empty when no version of its name is active yet.</summary>
    public static async Task<IReadOnlyList<WiringBreak>> BreaksAsync(Registry registry, StoredDefinition catalog, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(catalog);
        var (current, _) = await registry.ResolveAsync("catalog", catalog.Name, null, cancellationToken).ConfigureAwait(false);
        if (current is null || current.Hash == catalog.Hash)
        {
            return [];
        }
        var (before, after) = (Contracts(current), Contracts(catalog));
        var breaks = new List<WiringBreak>();
        foreach (var entry in (await registry.ListAsync("workflow", null, cancellationToken).ConfigureAwait(false)).Where(e => e.Active && !e.Retired))
        {
            if (await registry.ReadAsync("workflow", entry.Name, entry.Version, cancellationToken).ConfigureAwait(false) is not { } read)
            {
                continue;
            }
            var today = Problems(read.Definition, before).Select(Key).ToHashSet();
            breaks.AddRange(Problems(read.Definition, after).Where(d => !today.Contains(Key(d))).Select(d => new WiringBreak(entry.Name, entry.Version, d)));
        }
        return breaks;
    }

    private static IReadOnlyDictionary<string, TaskContract> Contracts(StoredDefinition catalog) =>
        CatalogLoader.Load(catalog.Content, catalog.FileName, ".").Catalog?.Contracts() ?? new Dictionary<string, TaskContract>();

    private static IReadOnlyList<Diagnostic> Problems(StoredDefinition workflow, IReadOnlyDictionary<string, TaskContract> contracts) =>
        contracts.Count == 0 ? [] : DefinitionLoader.Load(workflow.Content, workflow.FileName, new DefinitionOptions { Contracts = contracts }).Diagnostics;

    private static (string, int, int, string) Key(Diagnostic d) => (d.Code, d.Location.Line, d.Location.Column, d.Message);
}
