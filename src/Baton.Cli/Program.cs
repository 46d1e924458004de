using System.CommandLine;
using System.Text;
using Baton.Cli.Commands;

Console.OutputEncoding = Encoding.UTF8;
var root = new RootCommand("Baton: durable workflows of containers, processes, HTTP services and functions.")
{
    ValidateCommand.Create(),
    RunCommand.Create(),
    ResumeCommand.Create(),
    StatusCommand.Create(),
    HistoryCommand.Create(),
    GraphCommand.Create(),
    ServeCommand.Create(),
    WorkerCommand.Create(),
};
foreach (var remote in RemoteCommands.Create())
{
    root.Subcommands.Add(remote);
}
return await root.Parse(args).InvokeAsync().ConfigureAwait(false);
