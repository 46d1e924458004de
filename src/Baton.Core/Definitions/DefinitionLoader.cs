namespace Baton.Core.Definitions;

/// <summary>Loads a native workflow definition from YAML or JSON text and validates all of it.</summary>
/// <remarks>Reports every problem at once: syntax, unknown keys (with "did you mean"), missing fields, wrong
/// types, bad durations, duplicate ids, unknown dependencies, cycles, bad expressions and references that are
/// not upstream, unknown tasks and invalid JSON Schemas. Pure: the caller reads the file.</remarks>
public static class DefinitionLoader
{
    /// <summary>The apiVersion of Baton's native language.</summary>
    public const string ApiVersion = "baton.dev/v1";

    /// <summary>Parses and validates a definition, native or in a seed format (see <see cref="Import.Importers"/>).</summary>
    /// <remarks>For a file in a seed format, the tasks its own components bind count as known, and
    /// <see cref="LoadResult.ImportedCatalog"/> holds those bindings.</remarks>
    public static LoadResult Load(string text, string file, DefinitionOptions? options = null)
    {
        var (document, syntax) = SourceReader.Read(text, file);
        if (document is null)
        {
            return new LoadResult(null, syntax);
        }
        options ??= DefinitionOptions.LanguageOnly;
        if (Import.ShipyardImporter.IsShipyard(document))
        {
            return new LoadResult(null, [new Diagnostic("BTN083", document.LocationOf("kind"), "kind", "A shipyard holds several workflows, one per sequence.",
                "Run one with: baton run FILE --sequence <stage>.<sequence> (baton validate FILE checks them all). For a server, write them out with baton convert FILE --out DIR and POST each to /api/definitions.")]) { ImportedFrom = Import.ShipyardImporter.Format };
        }
        if (Import.ShipyardImporter.IsOldShipyard(document))
        {
            return new LoadResult(null, [Import.ShipyardImporter.OldShipyard(document)]) { ImportedFrom = Import.ShipyardImporter.Format };
        }
        if (Import.Importers.Import(document, options.Workflow) is not { } imported)
        {
            return Load(document, options);
        }
        if (imported.Workflow is null && imported.Catalog is not null && imported.Problems.Count == 0)
        {
            return new LoadResult(null, [new Diagnostic("BTN079", document.LocationOf(""), "", "The file defines components but no workflow.",
                "Use it as a catalog (baton run --catalog FILE), or add a workflow of jobs.")]) { ImportedFrom = Import.Importers.Detect(document), ImportedCatalog = imported.Catalog, Warnings = imported.Warnings };
        }
        if (imported.Workflow is null)
        {
            return new LoadResult(null, [.. imported.Problems.OrderBy(d => d.Location.Line).ThenBy(d => d.Location.Column)]) { ImportedFrom = Import.Importers.Detect(document), Warnings = imported.Warnings };
        }
        var bound = imported.Catalog?["tasks"] is System.Text.Json.Nodes.JsonObject tasks ? tasks.Select(t => t.Key) : [];
        var known = options.KnownTasks is null ? null : options.KnownTasks.Concat(bound).ToHashSet(StringComparer.Ordinal);
        return Load(imported.Workflow, options with { KnownTasks = known }) with
        {
            ImportedCatalog = imported.Catalog,
            ImportedFrom = imported.Workflow.ImportedFrom,
            ImportedDocument = imported.Workflow,
            Warnings = imported.Warnings,
            Workflows = Import.Importers.Detect(document) == Import.Importers.Compose ? Import.ComposeImporter.WorkflowIds((System.Text.Json.Nodes.JsonObject)document.Root!) : [],
        };
    }

    /// <summary>Parses a Keptn shipyard and validates the workflow of each of its sequences.</summary>
    /// <returns>Each sequence with its validated definition (null when it has problems), and every problem, located in
    /// the shipyard file; null when the text is not a shipyard.</returns>
    public static (IReadOnlyList<(Import.ShipyardSequence Sequence, WorkflowDefinition? Definition)> Sequences, IReadOnlyList<Diagnostic> Diagnostics)? LoadShipyard(
        string text, string file, DefinitionOptions? options = null)
    {
        var (document, syntax) = SourceReader.Read(text, file);
        if (document is null)
        {
            return ([], syntax);
        }
        if (!Import.ShipyardImporter.IsShipyard(document))
        {
            return null;
        }
        var imported = Import.ShipyardImporter.Import(document);
        var problems = new List<Diagnostic>(imported.Problems);
        var sequences = new List<(Import.ShipyardSequence, WorkflowDefinition?)>();
        foreach (var sequence in imported.Sequences)
        {
            var loaded = Load(sequence.Workflow, options ?? DefinitionOptions.LanguageOnly);
            problems.AddRange(loaded.Diagnostics);
            sequences.Add((sequence, loaded.Definition));
        }
        // A task unknown to the catalog is reported once per sequence that uses it; once is enough.
        return (sequences, [.. problems.DistinctBy(d => (d.Code, d.Location.Line, d.Location.Column, d.Message)).OrderBy(d => d.Location.Line).ThenBy(d => d.Location.Column)]);
    }

    /// <summary>Validates an already parsed document.</summary>
    public static LoadResult Load(SourceDocument document, DefinitionOptions options)
    {
        var sink = new DiagnosticSink(document);
        var definition = DefinitionReader.Read(sink);
        if (definition is not null)
        {
            GraphValidator.Validate(definition, sink);
            ExpressionValidator.Validate(definition, options, sink);
            TaskValidator.Validate(definition, options, sink);
            WiringValidator.Validate(definition, options, sink);
        }
        var diagnostics = sink.Sorted();
        return new LoadResult(diagnostics.Count == 0 ? definition : null, diagnostics);
    }
}
