using Baton.Core.Definitions;
using Baton.Core.Engine;
using Baton.Runtime.Catalog;
using Baton.Runtime.Runners;
using Baton.Runtime.Store;

namespace Baton.Cli;

/// <summary>Reads a workflow file and its catalog from disk and validates them together.</summary>
/// <remarks>Without <c>--catalog</c>, a <c>catalog.yaml</c> beside the workflow is used when present. Task names
/// are checked against the catalog plus the built-in functions.</remarks>
internal static class DefinitionFiles
{
    /// <summary>A validated workflow with its catalog, and the plan compiled from it once for the whole command.</summary>
    public sealed record Loaded(WorkflowDefinition Definition, StoredDefinition Stored, StoredDefinition? StoredCatalog, TaskCatalog Catalog)
    {
        private WorkflowPlan? _plan;

        public WorkflowPlan Plan => _plan ??= WorkflowPlan.Compile(Definition);
    }

    public static Loaded Load(string workflowPath, string? catalogPath, IReadOnlySet<string>? allowedEnv = null)
    {
        var fullPath = Path.GetFullPath(workflowPath);
        var text = TextFiles.Read(fullPath, "workflow");
        var catalogFile = catalogPath is not null ? Path.GetFullPath(catalogPath) : FindCatalog(fullPath);
        var catalog = TaskCatalog.Empty;
        StoredDefinition? storedCatalog = null;
        if (catalogFile is not null)
        {
            var catalogText = TextFiles.Read(catalogFile, "catalog");
            var (loaded, problems) = CatalogLoader.Load(catalogText, catalogFile, Path.GetDirectoryName(catalogFile)!);
            if (loaded is null)
            {
                throw new CliError($"The catalog {catalogFile} has {problems.Count} problem(s).", ExitCodes.InvalidInput, [.. problems.Select(p => p.ToString())]);
            }
            catalog = loaded;
            storedCatalog = new StoredDefinition(Hash(catalogText), "catalog", Path.GetFileNameWithoutExtension(catalogFile), "1", catalogFile, catalogText);
        }
        var known = catalog.Tasks.Keys.Concat(FunctionRegistry.WithBuiltIns(TimeProvider.System).Names).ToHashSet(StringComparer.Ordinal);
        var result = DefinitionLoader.Load(text, fullPath, new DefinitionOptions(known, allowedEnv));
        if (!result.Succeeded)
        {
            throw new CliError($"{workflowPath} has {result.Diagnostics.Count} problem(s).", ExitCodes.InvalidInput, [.. result.Diagnostics.Select(d => d.ToString())]);
        }
        var def = result.Definition!;
        return new Loaded(def, new StoredDefinition(Hash(text), "workflow", def.Metadata.Name, def.Metadata.Version, fullPath, text), storedCatalog, catalog);
    }

    public static string Hash(string content) => ContentHash.Of(content);

    private static string? FindCatalog(string workflowPath)
    {
        var candidate = Path.Combine(Path.GetDirectoryName(workflowPath)!, "catalog.yaml");
        return File.Exists(candidate) ? candidate : null;
    }
}
