using System.CommandLine;
using System.Text.Json.Nodes;

namespace Baton.Cli.Commands;

/// <summary><c>baton audit</c>: reads a running server's audit log of control actions, or verifies its hash chain (admin key).</summary>
internal static class AuditCommand
{
    public static Command Create()
    {
        var from = new Option<string?>("--from") { Description = "Entries at or after this time (ISO 8601)." };
        var to = new Option<string?>("--to") { Description = "Entries at or before this time (ISO 8601)." };
        var actor = new Option<string?>("--actor") { Description = "Entries by this actor: a key's name, a token's subject, or workflow:trigger." };
        var instance = new Option<string?>("--instance") { Description = "Entries about this instance." };
        var action = new Option<string?>("--action") { Description = "Entries of this action (a route's name, e.g. TerminateInstance)." };
        var verify = new Option<bool>("--verify") { Description = "Check the hash chain from the first entry; exit 2 naming the first broken entry." };
        var server = RemoteCommands.Server();
        var key = RemoteCommands.Key();
        var cmd = new Command("audit", "Read the audit log of a running server, or verify it (admin key).") { from, to, actor, instance, action, verify, server, key };
        cmd.SetAction((parse, ct) => CliRunner.Run(async () =>
        {
            using var client = new RemoteClient(parse.GetValue(server)!, parse.GetValue(key));
            if (parse.GetValue(verify))
            {
                var result = await client.SendAsync(HttpMethod.Get, "api/audit/verify", null, ct).ConfigureAwait(false);
                Console.Error.WriteLine($"baton: the audit log's {result!["entries"]} entries verify; head hash {result["head"]}");
                Console.Out.WriteLine(result.ToJsonString(JsonOutput.Indented));
                return ExitCodes.Ok;
            }
            var filters = new[] { ("from", parse.GetValue(from)), ("to", parse.GetValue(to)), ("actor", parse.GetValue(actor)), ("instanceId", parse.GetValue(instance)),
                ("action", parse.GetValue(action)) }.Where(p => p.Item2 is not null).Select(p => $"{p.Item1}={Uri.EscapeDataString(p.Item2!)}").ToList();
            long? after = 0;
            while (after is { } next)
            {
                var page = await client.SendAsync(HttpMethod.Get, $"api/audit?{string.Join("&", filters.Append($"after={next}").Append("top=1000"))}", null, ct).ConfigureAwait(false);
                foreach (var entry in page!["entries"]!.AsArray())
                {
                    Console.Out.WriteLine(entry!.ToJsonString());
                }
                after = page["next"] is JsonValue v ? v.GetValue<long>() : null;
            }
            return ExitCodes.Ok;
        }));
        return cmd;
    }
}
