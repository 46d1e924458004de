using Baton.Core.Definitions;
using Baton.Core.Definitions.Import;
using Baton.Core.Engine;
using Baton.Runtime.Catalog;
using Baton.Runtime.Runners;
using Baton.Runtime.Registration;
using Baton.Abstractions;

namespace Baton.Cli;

/// <summary>Reads a workflow file and its catalog from disk and validates them together.</summary>
/// <remarks>Without <c>--catalog</c>, a <c>catalog.yaml</c> beside the workflow is used when present. Task names
/// are checked against the catalog plus the built-in functions.</remarks>
internal static class DefinitionFiles
{
    /// <summary>A validated workflow with its catalog, and the plan compiled from it once for the whole command.</summary>
    public sealed record Loaded(WorkflowDefinition Definition, StoredDefinition Stored, StoredDefinition? StoredCatalog, TaskCatalog Catalog)
    {
        /// <summary>The other workflows of a file that holds several (model-compose), converted, to register so a workflow step can run them.</summary>
        public IReadOnlyList<StoredDefinition> Siblings { get; init; } = [];

        private WorkflowPlan? _plan;

        public WorkflowPlan Plan => _plan ??= WorkflowPlan.Compile(Definition);
    }

    /// <summary>Loads and validates a workflow file with its catalog; for a file holding several workflows, the one named
    /// <paramref name="workflow"/> (default: the file's default one). What an importer left out is printed as warnings.</summary>
    public static Loaded Load(string workflowPath, string? catalogPath, IReadOnlySet<string>? allowedEnv = null, string? workflow = null)
    {
        var fullPath = Path.GetFullPath(workflowPath);
        var text = TextFiles.Read(fullPath, "workflow");
        var (catalog, storedCatalog, catalogFile) = LoadCatalog(fullPath, catalogPath);
        var result = DefinitionLoader.Load(text, fullPath, Options(catalog, allowedEnv) with { Workflow = workflow });
        foreach (var warning in result.Warnings)
        {
            Console.Error.WriteLine(warning);
        }
        if (!result.Succeeded)
        {
            throw Problems(workflowPath, result.Diagnostics);
        }
        if (workflow is not null && result.Workflows.Count == 0)
        {
            throw new CliError("--workflow is for a file that holds several workflows (model-compose); this file holds one.", ExitCodes.InvalidInput, ["Leave out --workflow."]);
        }
        var def = result.Definition!;
        var siblings = new List<StoredDefinition>();
        var derived = result.ImportedCatalog;
        if (result.Workflows.Count > 1)
        {
            // One file, several workflows: each is stored as converted (the file's text would load its default one), and the
            // catalog binds what every workflow's jobs need.
            foreach (var other in result.Workflows.Where(w => w != def.Metadata.Name))
            {
                var sibling = DefinitionLoader.Load(text, fullPath, Options(catalog, allowedEnv) with { Workflow = other });
                if (!sibling.Succeeded)
                {
                    throw Problems($"{workflowPath} (workflow {other})", sibling.Diagnostics);
                }
                if (sibling.ImportedDocument is { } doc && sibling.Definition is { } d)
                {
                    // Registered by content (sha-<hash>), as a shipyard's sequences are, so files that share a workflow name never collide.
                    siblings.Add(Converted(doc, d, fullPath) is var c ? c with { Version = "sha-" + c.Hash[..12] } : c);
                    derived = Union(derived, sibling.ImportedCatalog);
                }
            }
        }
        if (derived is not null)
        {
            (catalog, storedCatalog) = WithComponents(derived, storedCatalog, catalogFile is null ? Path.GetDirectoryName(fullPath)! : Path.GetDirectoryName(catalogFile)!, fullPath);
        }
        var stored = result.Workflows.Count > 1 ? Converted(result.ImportedDocument!, def, fullPath)
            : new StoredDefinition(Hash(text), "workflow", def.Metadata.Name, def.Metadata.Version, fullPath, text);
        return new Loaded(def, stored, storedCatalog, catalog) { Siblings = siblings };
    }

    private static StoredDefinition Converted(SourceDocument doc, WorkflowDefinition def, string fullPath)
    {
        var yaml = YamlText.Write(doc.Root);
        return new StoredDefinition(Hash(yaml), "workflow", def.Metadata.Name, def.Metadata.Version, $"{fullPath} (workflow {def.Metadata.Name}, converted)", yaml);
    }

    /// <summary>Two imported catalogs as one: the first's tasks, then the second's that the first lacks.</summary>
    public static System.Text.Json.Nodes.JsonObject? Union(System.Text.Json.Nodes.JsonObject? a, System.Text.Json.Nodes.JsonObject? b)
    {
        if (a is null || b is null)
        {
            return a ?? b;
        }
        var merged = a.DeepClone().AsObject();
        var tasks = merged["tasks"]!.AsObject();
        foreach (var (name, binding) in b["tasks"]!.AsObject().Where(t => !tasks.ContainsKey(t.Key)))
        {
            tasks[name] = binding?.DeepClone();
        }
        return merged;
    }

    /// <summary>A Keptn shipyard, validated: the sequence to run (null when <paramref name="sequence"/> is null), and every
    /// sequence's workflow (to register, so linked sequences can run as child workflows); null when the file is not a shipyard.</summary>
    public static (Loaded? Chosen, IReadOnlyList<StoredDefinition> All)? LoadShipyard(string path, string? sequence, string? catalogPath, IReadOnlySet<string>? allowedEnv = null)
    {
        var fullPath = Path.GetFullPath(path);
        var text = TextFiles.Read(fullPath, "workflow");
        if (!text.Contains("Shipyard", StringComparison.Ordinal))
        {
            return null;
        }
        var (catalog, storedCatalog, _) = LoadCatalog(fullPath, catalogPath);
        if (DefinitionLoader.LoadShipyard(text, fullPath, Options(catalog, allowedEnv)) is not { } shipyard)
        {
            return null;
        }
        if (shipyard.Diagnostics.Count > 0)
        {
            throw Problems(path, shipyard.Diagnostics);
        }
        var names = shipyard.Sequences.Select(s => s.Sequence.Name).ToList();
        if (sequence is not null && !names.Contains(sequence, StringComparer.Ordinal))
        {
            throw new CliError($"{path} has no sequence '{sequence}'.", ExitCodes.InvalidInput, [$"Use --sequence with one of: {string.Join(", ", names)}."]);
        }
        var all = ShipyardUploads.Sequences(shipyard.Sequences.Select(s => s.Sequence), fullPath);
        var chosen = shipyard.Sequences.Select((s, i) => (s.Definition, Stored: all[i])).SingleOrDefault(s => s.Stored.Name == sequence);
        return (chosen.Stored is null ? null : new Loaded(chosen.Definition!, chosen.Stored, storedCatalog, catalog), all);
    }

    private static DefinitionOptions Options(TaskCatalog catalog, IReadOnlySet<string>? allowedEnv) =>
        new(catalog.Tasks.Keys.Concat(FunctionRegistry.BuiltInNames).ToHashSet(StringComparer.Ordinal), allowedEnv) { Contracts = catalog.Contracts() };

    private static CliError Problems(string path, IReadOnlyList<Diagnostic> diagnostics) =>
        new($"{path} has {diagnostics.Count} problem(s).", ExitCodes.InvalidInput, [.. diagnostics.Select(d => d.ToString())]);

    private static (TaskCatalog Catalog, StoredDefinition? Stored, string? File) LoadCatalog(string workflowPath, string? catalogPath)
    {
        var catalogFile = catalogPath is not null ? Path.GetFullPath(catalogPath) : FindCatalog(workflowPath);
        if (catalogFile is null)
        {
            return (TaskCatalog.Empty, null, null);
        }
        var catalogText = TextFiles.Read(catalogFile, "catalog");
        var (loaded, problems) = CatalogLoader.Load(catalogText, catalogFile, Path.GetDirectoryName(catalogFile)!, readFiles: true);
        if (loaded is null)
        {
            throw new CliError($"The catalog {catalogFile} has {problems.Count} problem(s).", ExitCodes.InvalidInput, [.. problems.Select(p => p.ToString())]);
        }
        // Files the catalog names (an evaluate binding's slo.yaml) are stored inline, so the hash pins them too.
        catalogText = EvaluateBindingReader.Inline(catalogText, catalogFile, loaded) ?? catalogText;
        return (loaded, new StoredDefinition(Hash(catalogText), "catalog", Path.GetFileNameWithoutExtension(catalogFile), "1", catalogFile, catalogText), catalogFile);
    }

    // A file in a seed format binds its own components; a catalog given beside it binds the rest and wins where both bind a task.
    private static (TaskCatalog, StoredDefinition) WithComponents(System.Text.Json.Nodes.JsonObject derived, StoredDefinition? given, string baseDirectory, string workflowPath)
    {
        var merged = derived.DeepClone().AsObject();
        var tasks = merged["tasks"]!.AsObject();
        // The file's own components run beside the file (a relative script, a server's folder), wherever a given catalog lies.
        var fileDirectory = Path.GetDirectoryName(workflowPath)!;
        foreach (var (_, binding) in tasks)
        {
            foreach (var holder in new[] { binding as System.Text.Json.Nodes.JsonObject, binding?["serve"] as System.Text.Json.Nodes.JsonObject }.OfType<System.Text.Json.Nodes.JsonObject>())
            {
                if (holder.ContainsKey("command"))
                {
                    holder["workdir"] = Path.GetFullPath(Path.Combine(fileDirectory, holder["workdir"]?.ToString() ?? "."));
                }
            }
        }
        if (given is not null && SourceReader.Read(given.Content, given.FileName).Document?.Root?["tasks"] is System.Text.Json.Nodes.JsonObject own)
        {
            foreach (var (name, binding) in own)
            {
                tasks[name] = binding?.DeepClone();
            }
        }
        var text = merged.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true });
        var file = workflowPath + " (its components" + (given is null ? ")" : $" and {Path.GetFileName(given.FileName)})");
        var (loaded, problems) = CatalogLoader.Load(text, file, baseDirectory);
        if (loaded is null)
        {
            throw new CliError($"The components of {workflowPath} do not make a valid catalog.", ExitCodes.InvalidInput, [.. problems.Select(p => p.ToString())]);
        }
        return (loaded, new StoredDefinition(Hash(text), "catalog", merged["metadata"]?["name"]?.ToString() ?? "components", "1", file, text));
    }

    public static string Hash(string content) => ContentHash.Of(content);

    private static string? FindCatalog(string workflowPath)
    {
        var candidate = Path.Combine(Path.GetDirectoryName(workflowPath)!, "catalog.yaml");
        return File.Exists(candidate) ? candidate : null;
    }
}
