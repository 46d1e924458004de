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
        var cmd = new Command("validate", "Check workflow definitions without running them.") { files, catalog, allowEnv };
        cmd.SetAction(parse => CliRunner.Run(() =>
        {
            var failed = 0;
            foreach (var file in parse.GetValue(files)!)
            {
                try
                {
                    var loaded = DefinitionFiles.Load(file, parse.GetValue(catalog), CommonOptions.AllowedEnv(parse.GetValue(allowEnv)));
                    Console.Out.WriteLine($"✔ {file}: {loaded.Definition.Metadata.Name} v{loaded.Definition.Metadata.Version} is valid ({loaded.Definition.Steps.Length} step{(loaded.Definition.Steps.Length == 1 ? "" : "s")})");
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
}
