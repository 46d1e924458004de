using System.CommandLine;
using Baton.Core.Engine;
using Baton.Abstractions;

namespace Baton.Cli.Commands;

/// <summary><c>baton resume</c>: reopens the store, recovers unfinished work, and waits for instances to finish.</summary>
internal static class ResumeCommand
{
    public static Command Create()
    {
        var id = new Option<string?>("--id") { Description = "Resume only this instance (default: every running instance)." };
        var db = CommonOptions.Database();
        var quiet = CommonOptions.Quiet();
        var server = RemoteCommands.Server(required: false);
        var key = RemoteCommands.Key();
        var cmd = new Command("resume", "Finish the unfinished instances in a local store after a crash or interruption; " +
            "with --server, resume a suspended instance on a server.") { id, db, quiet, server, key };
        cmd.SetAction((parse, ct) => CliRunner.Run(async () =>
        {
            if (parse.GetValue(server) is { Length: > 0 } url)
            {
                var suspended = parse.GetValue(id) ?? throw new CliError("With --server, say which suspended instance to resume with --id.", ExitCodes.InvalidInput);
                return await RemoteCommands.SendControlAsync(url, parse.GetValue(key), "resume", suspended, null, ct).ConfigureAwait(false);
            }
            var dbPath = CliSettings.Database(parse.GetValue(db));
            if (!File.Exists(dbPath))
            {
                throw new CliError($"No Baton database at '{Path.GetFullPath(dbPath)}'.", ExitCodes.InvalidInput);
            }
            await using var hub = await HubFactory.StartAsync(dbPath, ct).ConfigureAwait(false);
            var ids = parse.GetValue(id) is { } one
                ? [one]
                : (await hub.Store.ListInstancesAsync(new InstanceQuery(Statuses: [InstanceStatus.Running], MaxCount: 10_000), ct).ConfigureAwait(false))
                    .Select(s => s.InstanceId).ToList();
            var wanted = ids.ToHashSet(StringComparer.Ordinal);
            new ProgressPrinter(Console.Error, !parse.GetValue(quiet)).Attach(hub, wanted.Contains);
            if (ids.Count == 0)
            {
                Console.Error.WriteLine("baton: nothing to resume; every instance has finished.");
                return ExitCodes.Ok;
            }
            var code = ExitCodes.Ok;
            foreach (var instanceId in ids)
            {
                var state = await hub.GetStateAsync(instanceId, ct).ConfigureAwait(false)
                    ?? throw new CliError($"No instance '{instanceId}' in {dbPath}.", ExitCodes.InvalidInput);
                Console.Error.WriteLine(state.IsTerminal
                    ? $"baton: {instanceId} had already finished"
                    : $"baton: resuming {state.WorkflowName} instance {instanceId}");
                var final = await hub.WaitForCompletionAsync(instanceId, ct).ConfigureAwait(false);
                code = Math.Max(code, Outcome.Print(final with { Output = await hub.ReadValueAsync(instanceId, final.Output, ct).ConfigureAwait(false) }));
            }
            return code;
        }));
        return cmd;
    }
}
