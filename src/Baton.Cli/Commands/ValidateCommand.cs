using System.CommandLine;

namespace Baton.Cli.Commands;

/// <summary><c>baton validate</c>: checks definitions and reports every problem with file, line, column and fix.</summary>
internal static class ValidateCommand
{
    public static Command Create()
    {
        var files = new Argument<string[]>("files") { Description = "Workflow files to check.", Arity = ArgumentArity.OneOrMore };
        var catalog = CommonOptions.Catalog();
        var allowEnv = CommonOptions.AllowEnv();
        var workflow = CommonOptions.Workflow();
        var cmd = new Command("validate", "Check workflow definitions without running them.") { files, catalog, allowEnv, workflow };
        cmd.SetAction(parse => CliRunner.Run(() =>
        {
            var failed = 0;
            foreach (var file in parse.GetValue(files)!)
            {
                try
                {
                    if (ComponentsOnly(file) is { } tasks)
                    {
                        Console.Out.WriteLine($"✔ {file}: components only, a valid catalog of {tasks.Count} task{(tasks.Count == 1 ? "" : "s")} ({string.Join(", ", tasks)})");
                        continue;
                    }
                    if (DefinitionFiles.LoadShipyard(file, null, parse.GetValue(catalog), CommonOptions.AllowedEnv(parse.GetValue(allowEnv))) is { All: var sequences })
                    {
                        Console.Out.WriteLine($"✔ {file}: a Keptn shipyard of {sequences.Count} valid sequences ({string.Join(", ", sequences.Select(q => q.Name))})");
                        continue;
                    }
                    var loaded = DefinitionFiles.Load(file, parse.GetValue(catalog), CommonOptions.AllowedEnv(parse.GetValue(allowEnv)), parse.GetValue(workflow));
                    Console.Out.WriteLine($"✔ {file}: {loaded.Definition.Metadata.Name} v{loaded.Definition.Metadata.Version} is valid ({loaded.Definition.Steps.Length} step{(loaded.Definition.Steps.Length == 1 ? "" : "s")})" +
                        (loaded.Siblings.Count == 0 ? "" : $"; the file's other workflows are valid too ({string.Join(", ", loaded.Siblings.Select(w => w.Name))})"));
                }
                catch (CliError e)
                {
                    failed++;
                    CliRunner.Report(e);
                }
            }
            return Task.FromResult(failed == 0 ? ExitCodes.Ok : ExitCodes.InvalidInput);
        }));
        return cmd;
    }

    // A model-compose file of components only is a catalog: checked as one, it names the tasks it binds.
    private static List<string>? ComponentsOnly(string file)
    {
        var text = TextFiles.Read(file, "workflow");
        var result = Core.Definitions.DefinitionLoader.Load(text, file);
        if (result.Definition is not null || result.ImportedCatalog is null || result.Diagnostics.Any(d => d.Code != "BTN079"))
        {
            return null;
        }
        var (catalog, problems) = Runtime.Catalog.CatalogLoader.Load(text, file, Path.GetDirectoryName(Path.GetFullPath(file))!, readFiles: true);
        return catalog is null
            ? throw new CliError($"{file} has {problems.Count} problem(s).", ExitCodes.InvalidInput, [.. problems.Select(p => p.ToString())])
            : [.. catalog.Tasks.Keys.Order(StringComparer.Ordinal)];
    }
}
