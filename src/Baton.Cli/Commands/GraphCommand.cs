using System.CommandLine;
using Baton.Core.Definitions;

namespace Baton.Cli.Commands;

/// <summary><c>baton graph</c>: prints a workflow's step graph as Mermaid or DOT.</summary>
internal static class GraphCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("file") { Description = "The workflow file." };
        var format = new Option<string>("--format", "-f") { Description = "mermaid or dot.", DefaultValueFactory = _ => "mermaid" };
        format.AcceptOnlyFromAmong("mermaid", "dot");
        var cmd = new Command("graph", "Print the step graph as Mermaid or Graphviz DOT.") { file, format };
        cmd.SetAction(parse => CliRunner.Run(() =>
        {
            var path = parse.GetValue(file)!;
            var text = TextFiles.Read(path, "workflow");
            var result = DefinitionLoader.Load(text, path);
            if (!result.Succeeded)
            {
                throw new CliError($"{path} has {result.Diagnostics.Count} problem(s).", ExitCodes.InvalidInput, [.. result.Diagnostics.Select(d => d.ToString())]);
            }
            Console.Out.Write(parse.GetValue(format) == "dot" ? GraphExport.Dot(result.Definition!) : GraphExport.Mermaid(result.Definition!));
            return Task.FromResult(ExitCodes.Ok);
        }));
        return cmd;
    }
}
