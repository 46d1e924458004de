using System.CommandLine;

namespace Baton.Cli.Commands;

/// <summary><c>baton migrate</c>: moves a running instance, or every running instance of a workflow, to another version on a
/// running server, or checks that it could (<c>--dry-run</c>).</summary>
internal static class MigrateCommand
{
    public static Command Create()
    {
        var id = new Argument<string?>("id") { Description = "The instance to move (leave out with --workflow to move every running instance of it).", Arity = ArgumentArity.ZeroOrOne };
        var workflow = new Option<string?>("--workflow") { Description = "Move the running instances of this workflow (up to 1,000) instead of one." };
        var version = new Option<string?>("--version") { Description = "The registered version to move to (default: the active one)." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Only check, and list every reason an instance cannot move; nothing changes." };
        var reason = new Option<string?>("--reason") { Description = "Why; recorded in the instance's history." };
        var server = RemoteCommands.Server();
        var key = RemoteCommands.Key();
        var cmd = new Command("migrate", "Move running instances to another version of their workflow on a running server.") { id, workflow, version, dryRun, reason, server, key };
        cmd.SetAction((parse, ct) => CliRunner.Run(async () =>
        {
            var (one, many) = (parse.GetValue(id), parse.GetValue(workflow));
            if (one is null == many is null)
            {
                throw new CliError("Name one instance, or a workflow with --workflow.", ExitCodes.InvalidInput, ["baton migrate <id> --version 2", "baton migrate --workflow orders --version 2 --dry-run"]);
            }
            var query = string.Join("&", new[] { ("name", many), ("version", parse.GetValue(version)), ("reason", parse.GetValue(reason) ?? "migrate from the baton CLI"),
                ("dryRun", parse.GetValue(dryRun) ? "true" : null), ("top", many is null ? null : "1000") }
                .Where(p => p.Item2 is not null).Select(p => $"{p.Item1}={Uri.EscapeDataString(p.Item2!)}"));
            using var client = new RemoteClient(parse.GetValue(server)!, parse.GetValue(key));
            var path = one is null ? "api/instances/migrate" : $"api/instances/{Uri.EscapeDataString(one)}/migrate";
            var answer = await client.SendAsync(HttpMethod.Post, $"{path}?{query}", null, ct).ConfigureAwait(false);
            Console.Out.WriteLine(answer!.ToJsonString(JsonOutput.Indented));
            var refused = one is null ? answer["counts"]?["refused"]?.GetValue<int>() ?? 0 : answer["outcome"]?.GetValue<string>() == "refused" ? 1 : 0;
            Console.Error.WriteLine(one is null
                ? $"baton: {answer["matched"]} instance(s) of {many}: " + string.Join(", ", answer["counts"]!.AsObject().Select(c => $"{c.Value} {c.Key}"))
                : $"baton: {one} {answer["outcome"]} ({answer["fromVersion"]} -> {answer["toVersion"]})");
            return refused > 0 ? ExitCodes.InvalidInput : ExitCodes.Ok;
        }));
        return cmd;
    }
}
