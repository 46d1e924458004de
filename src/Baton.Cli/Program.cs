using System.CommandLine;
using System.Text;
using Baton.Cli.Commands;

Console.OutputEncoding = Encoding.UTF8;
var root = new RootCommand("Baton: durable workflows of containers, processes, HTTP services and functions.")
{
    ValidateCommand.Create(),
    CatalogCommand.Create(),
    RunCommand.Create(),
    ResumeCommand.Create(),
    StatusCommand.Create(),
    HistoryCommand.Create(),
    GraphCommand.Create(),
    ConvertCommand.Create(),
    TestCommand.Create(),
    ServeCommand.Create(),
    WorkerCommand.Create(),
};
foreach (var remote in RemoteCommands.Create())
{
    root.Subcommands.Add(remote);
}
var parse = root.Parse(args);
if (parse.Errors.Count > 0)
{
    // Argument errors are bad input: exit 2, as docs/cli.md says (the library's own handler would exit 1).
    foreach (var error in parse.Errors)
    {
        Console.Error.WriteLine($"baton: error: {error.Message}");
    }
    var command = parse.CommandResult.Command;
    Console.Error.WriteLine($"Run 'baton{(command == root ? "" : " " + command.Name)} --help' for usage.");
    return 2;
}
return await parse.InvokeAsync().ConfigureAwait(false);
