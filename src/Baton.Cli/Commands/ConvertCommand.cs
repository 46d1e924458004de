using System.CommandLine;
using System.Text.Json.Nodes;
using Baton.Core.Definitions;
using Baton.Core.Definitions.Import;

namespace Baton.Cli.Commands;

/// <summary><c>baton convert</c>: prints a workflow written in a seed format in Baton's own language.</summary>
/// <remarks>With <c>--out DIR</c> it writes <c>DIR/workflow.yaml</c> and, when the file defines components,
/// <c>DIR/catalog.yaml</c>, so <c>baton run DIR/workflow.yaml</c> runs it. A native file converts to itself; a model-compose
/// file of components and no workflow converts to the catalog they describe.</remarks>
internal static class ConvertCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("file") { Description = "A workflow in a seed format (or Baton's own)." };
        var output = new Option<string?>("--out", "-o") { Description = "Write workflow.yaml (and catalog.yaml) into this folder instead of printing them; a file of several workflows writes <name>.yaml for each." };
        var only = CommonOptions.Workflow();
        var cmd = new Command("convert", "Print a seed-format workflow (seed 000 JSON, seed 003 computation spec, seed 004 model-compose) in Baton's language.") { file, output, only };
        cmd.SetAction(parse => CliRunner.Run(() =>
        {
            var path = parse.GetValue(file)!;
            var text = TextFiles.Read(path, "workflow");
            if (DefinitionLoader.LoadShipyard(text, path) is { } shipyard)
            {
                return Task.FromResult(WriteShipyard(path, shipyard.Sequences.Select(q => q.Sequence).ToList(), shipyard.Diagnostics, parse.GetValue(output)));
            }
            var result = Load(text, path, parse.GetValue(only));
            foreach (var warning in result.Warnings)
            {
                Console.Error.WriteLine(warning);
            }
            if (result.Definition is null && result.Diagnostics.All(d => d.Code == "BTN079") && ComponentsOnly(text, path) is { } components)
            {
                return Task.FromResult(WriteCatalog(path, components, parse.GetValue(output)));
            }
            var header = result.ImportedFrom is { } format ? $"# Converted by 'baton convert' from {Path.GetFileName(path)} ({format}).\n" : "";
            var dir = parse.GetValue(output);
            // A file of several workflows written out: one file per workflow, and one catalog for all of them.
            var each = dir is not null && parse.GetValue(only) is null && result.Workflows.Count > 1
                ? [.. result.Workflows.Select(name => (name, name == result.Definition?.Metadata.Name ? result : Load(text, path, name)))]
                : new List<(string, LoadResult)> { ("workflow", result) };
            var catalog = each.Select(w => w.Item2.ImportedCatalog).Aggregate((JsonObject?)null, DefinitionFiles.Union) is { } c ? YamlText.Write(c) : null;
            if (dir is not null)
            {
                Directory.CreateDirectory(dir);
                foreach (var (name, loaded) in each)
                {
                    Write(Path.Combine(dir, name + ".yaml"), header + Native(loaded, text));
                }
                if (catalog is not null)
                {
                    Write(Path.Combine(dir, "catalog.yaml"), header + catalog);
                }
                return Task.FromResult(ExitCodes.Ok);
            }
            if (result.Workflows.Count > 1)
            {
                Console.Out.Write($"# The file holds {result.Workflows.Count} workflows ({string.Join(", ", result.Workflows)}); this is {result.Definition!.Metadata.Name}. " +
                    "Print another with --workflow NAME, or write them all with --out DIR.\n");
            }
            Console.Out.Write(header + Native(result, text));
            if (catalog is not null)
            {
                Console.Out.Write("# The catalog its components describe (save it as catalog.yaml beside the workflow):\n");
                Console.Out.Write(string.Join('\n', catalog.Split('\n').Select(l => l.Length == 0 ? l : "# " + l)));
            }
            return Task.FromResult(ExitCodes.Ok);
        }));
        return cmd;
    }

    private static LoadResult Load(string text, string path, string? workflow)
    {
        var result = DefinitionLoader.Load(text, path, DefinitionOptions.LanguageOnly with { Workflow = workflow });
        return result.Definition is not null || result.Diagnostics.All(d => d.Code == "BTN079") ? result
            : throw new CliError($"{path}{(workflow is null ? "" : $" (workflow {workflow})")} has {result.Diagnostics.Count} problem(s).", ExitCodes.InvalidInput,
                [.. result.Diagnostics.Select(d => d.ToString())]);
    }

    private static string Native(LoadResult result, string text) => result.ImportedDocument is { } doc ? YamlText.Write(doc.Root) : text;

    private static void Write(string file, string content)
    {
        File.WriteAllText(file, content);
        Console.Out.WriteLine($"wrote {file}");
    }

    /// <summary>The catalog a model-compose file of components and no workflow describes; null for any other file.</summary>
    private static System.Text.Json.Nodes.JsonNode? ComponentsOnly(string text, string path)
    {
        var (doc, _) = SourceReader.Read(text, path);
        return doc is not null && Importers.Detect(doc) == Importers.Compose && Importers.Import(doc) is { Problems.Count: 0, Catalog: { } catalog } ? catalog : null;
    }

    // A model-compose file with components only is a catalog: printed, or written as DIR/catalog.yaml.
    private static int WriteCatalog(string path, System.Text.Json.Nodes.JsonNode catalog, string? dir)
    {
        var text = $"# Converted by 'baton convert' from {Path.GetFileName(path)} ({Importers.Compose}): its components, as a catalog; it defines no workflow.\n" + YamlText.Write(catalog);
        if (dir is null)
        {
            Console.Out.Write(text);
            return ExitCodes.Ok;
        }
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "catalog.yaml"), text);
        Console.Out.WriteLine($"wrote {Path.Combine(dir, "catalog.yaml")}");
        return ExitCodes.Ok;
    }

    // A shipyard becomes one workflow per sequence: <stage>.<sequence>.yaml.
    private static int WriteShipyard(string path, IReadOnlyList<ShipyardSequence> sequences, IReadOnlyList<Diagnostic> problems, string? dir)
    {
        if (problems.Count > 0)
        {
            throw new CliError($"{path} has {problems.Count} problem(s).", ExitCodes.InvalidInput, [.. problems.Select(d => d.ToString())]);
        }
        foreach (var sequence in sequences)
        {
            var text = $"# Converted by 'baton convert' from {Path.GetFileName(path)} ({ShipyardImporter.Format}): the sequence {sequence.Name}.\n" + YamlText.Write(sequence.Workflow.Root);
            if (dir is null)
            {
                Console.Out.Write(text + "---\n");
                continue;
            }
            Directory.CreateDirectory(dir);
            var target = Path.Combine(dir, sequence.Name + ".yaml");
            File.WriteAllText(target, text);
            Console.Out.WriteLine($"wrote {target}");
        }
        return ExitCodes.Ok;
    }
}
