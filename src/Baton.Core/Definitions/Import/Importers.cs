using System.Text.Json.Nodes;

namespace Baton.Core.Definitions.Import;

/// <summary>Reads the workflow formats of the seed documents into Baton's native model.</summary>
/// <remarks>Recognised by their shape, never by file name: seed 000's JSON workflow description (<c>workflow_name</c>,
/// <c>steps</c> with <c>image_id</c> and <c>next_step</c>), seed 003's computation spec (<c>computation</c>,
/// <c>handler_type</c>), seed 004's model-compose files (<c>components</c>, <c>workflow</c> or <c>workflows</c> of
/// <c>jobs</c>), seed 002's <c>apiVersion: workflow/v1</c>.
/// Pure: the caller reads the file.</remarks>
public static class Importers
{
    /// <summary>The name of the format a document is written in, or null for a native (or unrecognised) document.</summary>
    public static string? Detect(SourceDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        if (document.Root is not JsonObject root)
        {
            return null;
        }
        var apiVersion = root["apiVersion"] is JsonValue v && v.TryGetValue<string>(out var a) ? a : null;
        if (apiVersion == DefinitionLoader.ApiVersion)
        {
            return null;
        }
        if (apiVersion == "workflow/v1")
        {
            return Seed002;
        }
        if (apiVersion is null && root.ContainsKey("workflow_name"))
        {
            return Wdl;
        }
        if (apiVersion is null && root.ContainsKey("computation") && (root.ContainsKey("handler_type") || root.ContainsKey("inputs")))
        {
            return Gcl;
        }
        if (apiVersion is null && (root.ContainsKey("workflows") || root.ContainsKey("workflow") || root.ContainsKey("components") || root.ContainsKey("component")))
        {
            return Compose;
        }
        return null;
    }

    /// <summary>Seed 000's JSON workflow description language.</summary>
    public const string Wdl = "seed-000 workflow description (JSON)";

    /// <summary>Seed 002's <c>apiVersion: workflow/v1</c> YAML.</summary>
    public const string Seed002 = "seed-002 workflow/v1";

    /// <summary>Seed 003's computation spec.</summary>
    public const string Gcl = "seed-003 computation spec (GCL)";

    /// <summary>Seed 004's model-compose YAML.</summary>
    public const string Compose = "seed-004 model-compose";

    /// <summary>Imports a document in a seed format; null when it is native (nothing to import).</summary>
    public static ImportResult? Import(SourceDocument document) => Import(document, null);

    /// <summary>Imports a document in a seed format, choosing one of its workflows by name when it holds several (model-compose);
    /// null when it is native.</summary>
    public static ImportResult? Import(SourceDocument document, string? workflow)
    {
        var format = Detect(document);
        if (format is null)
        {
            return null;
        }
        var builder = new ImportBuilder(document, format);
        var root = (JsonObject)document.Root!;
        (JsonNode? Workflow, JsonObject? Catalog) made = format switch
        {
            Wdl => (WdlImporter.Import(root, builder), null),
            Gcl => (GclImporter.Import(root, builder), null),
            Compose => ComposeImporter.Import(root, builder, workflow),
            _ => Seed002Importer.Import(root, builder),
        };
        return new ImportResult(made.Workflow is null ? null : builder.Build(made.Workflow), made.Catalog, builder.Problems) { Warnings = builder.Warnings };
    }

    /// <summary>The native skeleton every importer fills: apiVersion, kind, metadata and an empty spec.</summary>
    internal static (JsonObject Root, JsonObject Spec) Skeleton(ImportBuilder builder, string name, string namePath, string? description)
    {
        var metadata = new JsonObject { ["name"] = name, ["version"] = "1" };
        if (description is not null)
        {
            metadata["description"] = description;
        }
        var spec = new JsonObject();
        var root = new JsonObject
        {
            ["apiVersion"] = DefinitionLoader.ApiVersion,
            ["kind"] = "Workflow",
            ["metadata"] = metadata,
            ["spec"] = spec,
        };
        builder.Map("metadata.name", namePath);
        return (root, spec);
    }
}
