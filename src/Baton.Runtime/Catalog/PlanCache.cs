using Baton.Core;
using System.Collections.Concurrent;
using Baton.Core.Definitions;
using Baton.Core.Engine;
using Baton.Abstractions;

namespace Baton.Runtime.Catalog;

/// <summary>Compiled plans and catalogs by content hash, loaded on first use; both backends keep one.</summary>
/// <remarks>Content is addressed by hash, so a cached entry never goes stale. <paramref name="lookup"/> finds a
/// definition or catalog text by hash (the hub's store, or the Durable backend's definition store).</remarks>
public sealed class PlanCache(Func<string, CancellationToken, Task<StoredDefinition?>> lookup)
{
    private readonly ConcurrentDictionary<string, WorkflowPlan> _plans = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, TaskCatalog> _catalogs = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Definition, string? Catalog), bool> _checked = new();
    private readonly ConcurrentDictionary<(string Definition, string Catalog), WorkflowPlan> _withCatalog = new();

    /// <summary>Checks a start before anything is stored, and returns the plan it will run.</summary>
    /// <remarks>Every task the definition names must be bound by the catalog or be one of <paramref name="functions"/>
    /// (checked once per definition and catalog pair), and the input must match the input schema.</remarks>
    /// <exception cref="DefinitionException">The definition is invalid, or names a task nothing binds.</exception>
    /// <exception cref="InvalidInputException">The input nests deeper than <see cref="ValueLimits.MaxDepth"/> or fails the input schema.</exception>
    public WorkflowPlan CheckStart(StoredDefinition definition, StoredDefinition? catalog, IEnumerable<string> functions, System.Text.Json.Nodes.JsonNode? input) =>
        CheckStart(new StartRequest(definition, catalog, input), functions);

    /// <summary>Checks a start request; a request that carries the plan its caller compiled (<see cref="StartRequest.Plan"/>) is not parsed again.</summary>
    /// <exception cref="DefinitionException">The definition is invalid, or names a task nothing binds.</exception>
    /// <exception cref="InvalidInputException">The input nests deeper than <see cref="ValueLimits.MaxDepth"/> or fails the input schema.</exception>
    public WorkflowPlan CheckStart(StartRequest request, IEnumerable<string> functions)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (definition, catalog, input) = (request.Definition, request.Catalog, request.Input);
        if (request.Plan is { } compiled && TryGet(definition.Hash) is null)
        {
            Add(definition.Hash, compiled);
            _checked.TryAdd((definition.Hash, catalog?.Hash), true);
        }
        var plan = TryGet(definition.Hash);
        if (plan is null || !_checked.ContainsKey((definition.Hash, catalog?.Hash)))
        {
            var bindings = catalog is null ? TaskCatalog.Empty : Catalog(catalog);
            var known = bindings.Tasks.Keys.Concat(functions).ToHashSet(StringComparer.Ordinal);
            var loaded = DefinitionLoader.Load(definition.Content, definition.FileName, new DefinitionOptions(known)).GetOrThrow();
            _checked.TryAdd((definition.Hash, catalog?.Hash), true);
            plan ??= Add(definition.Hash, WorkflowPlan.Compile(loaded));
        }
        CheckInput(plan, input);
        return catalog is null ? plan : WithCatalog(plan, definition.Hash, catalog.Hash, Catalog(catalog));
    }

    /// <summary>Checks a workflow input against the limits and the plan's input schema, as every start does.</summary>
    /// <exception cref="InvalidInputException">The input nests deeper than <see cref="ValueLimits.MaxDepth"/> or fails the input schema.</exception>
    public static void CheckInput(WorkflowPlan plan, System.Text.Json.Nodes.JsonNode? input)
    {
        ArgumentNullException.ThrowIfNull(plan);
        if (ValueLimits.DepthProblem(input) is { } tooDeep)
        {
            throw new InvalidInputException([$"(root): {tooDeep}"]);
        }
        if (Data.BlobClaimCheck.ForeignReferenceProblem(input) is { } reference)
        {
            throw new InvalidInputException([reference]);
        }
        if (plan.InputSchema is { } schema && JsonSchemas.Validate(schema, input) is { Count: > 0 } errors)
        {
            throw new InvalidInputException(errors);
        }
    }

    /// <summary>The compiled plan of a definition stored under that hash.</summary>
    public async Task<WorkflowPlan> PlanAsync(string hash, CancellationToken ct)
    {
        if (_plans.TryGetValue(hash, out var plan))
        {
            return plan;
        }
        var stored = await lookup(hash, ct).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"Definition {hash} is missing from the store.");
        return Plan(stored);
    }

    /// <summary>A definition or catalog as the store keeps it under that hash.</summary>
    /// <exception cref="InvalidOperationException">The store has nothing under that hash.</exception>
    public async Task<StoredDefinition> StoredAsync(string hash, CancellationToken ct) =>
        await lookup(hash, ct).ConfigureAwait(false) ?? throw new InvalidOperationException($"Definition {hash} is missing from the store.");

    /// <summary>The plan an instance runs: its definition's, with the retry defaults of the catalog it started with
    /// (<paramref name="catalogHash"/>, null for none) applied.</summary>
    public async Task<WorkflowPlan> PlanAsync(string definitionHash, string? catalogHash, CancellationToken ct)
    {
        var plan = await PlanAsync(definitionHash, ct).ConfigureAwait(false);
        return catalogHash is null ? plan : WithCatalog(plan, definitionHash, catalogHash, await CatalogAsync(catalogHash, ct).ConfigureAwait(false));
    }

    private WorkflowPlan WithCatalog(WorkflowPlan plan, string definitionHash, string catalogHash, TaskCatalog catalog) =>
        catalog.Retries() is { Count: > 0 } retries ? _withCatalog.GetOrAdd((definitionHash, catalogHash), _ => plan.WithTaskRetries(retries)) : plan;

    /// <summary>Compiles (once) a definition the caller holds; the language alone is checked.</summary>
    /// <exception cref="DefinitionException">The text is not a valid definition.</exception>
    public WorkflowPlan Plan(StoredDefinition stored) =>
        _plans.TryGetValue(stored.Hash, out var plan)
            ? plan
            : _plans.GetOrAdd(stored.Hash, WorkflowPlan.Compile(DefinitionLoader.Load(stored.Content, stored.FileName).GetOrThrow()));

    /// <summary>Keeps a plan compiled by the caller under its definition's hash; the first one kept wins.</summary>
    public WorkflowPlan Add(string hash, WorkflowPlan plan) => _plans.GetOrAdd(hash, plan);

    /// <summary>The plan cached under that hash, or null.</summary>
    public WorkflowPlan? TryGet(string hash) => _plans.GetValueOrDefault(hash);

    /// <summary>Parses (once) a catalog the caller holds, so a start can check its tasks before anything is stored.</summary>
    public TaskCatalog Catalog(StoredDefinition stored)
    {
        if (_catalogs.TryGetValue(stored.Hash, out var catalog))
        {
            return catalog;
        }
        var (loaded, diagnostics) = CatalogLoader.Load(stored.Content, stored.FileName, Path.GetDirectoryName(Path.GetFullPath(stored.FileName)) ?? ".");
        return _catalogs.GetOrAdd(stored.Hash, loaded ?? throw new DefinitionException(diagnostics));
    }

    /// <summary>The parsed catalog stored under that hash; the empty catalog when the hash is null.</summary>
    public async Task<TaskCatalog> CatalogAsync(string? hash, CancellationToken ct)
    {
        if (hash is null)
        {
            return TaskCatalog.Empty;
        }
        if (_catalogs.TryGetValue(hash, out var catalog))
        {
            return catalog;
        }
        var stored = await lookup(hash, ct).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"Catalog {hash} is missing from the store.");
        return Catalog(stored);
    }
}
