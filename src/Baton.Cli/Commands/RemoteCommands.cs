using System.CommandLine;
using System.Text.Json.Nodes;
using Baton.Core.Engine;

namespace Baton.Cli.Commands;

/// <summary>Commands that drive a running control plane: start, watch, events, terminate, purge (and status --server).</summary>
internal static class RemoteCommands
{
    public static Option<string> Server(bool required = true) => new("--server", "-s")
    {
        Description = "The control plane's base URL, e.g. http://127.0.0.1:7071 (default: BATON_SERVER).",
        Required = required && Environment.GetEnvironmentVariable("BATON_SERVER") is null,
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("BATON_SERVER") ?? "",
    };

    public static Option<string?> Key() => new("--key", "-k") { Description = "The function or admin key (default: BATON_KEY, else BATON_ADMIN_KEY)." };

    public static IEnumerable<Command> Create()
    {
        yield return Start();
        yield return Watch();
        yield return Events();
        yield return Control("terminate", "Terminate a running instance on the server.");
        yield return Control("suspend", "Suspend a running instance on the server.");
        yield return Control("rewind", "Retry a failed instance on the server from its failed steps.");
        yield return Purge();
        yield return AuditCommand.Create();
        yield return MigrateCommand.Create();
    }

    private static Command Start()
    {
        var name = new Argument<string>("workflow") { Description = "The registered workflow's name." };
        var input = new Option<string[]>("--input", "-i") { Description = "An input value as key=value (repeatable)." };
        var inputFile = new Option<string?>("--input-file") { Description = "A JSON file holding the input." };
        var id = new Option<string?>("--id") { Description = "The instance id (default: one the server chooses)." };
        var version = new Option<string?>("--version") { Description = "A registered version (default: the active one)." };
        var catalog = new Option<string?>("--catalog") { Description = "A registered catalog's name (default: the catalog named 'default')." };
        var watch = new Option<bool>("--watch", "-w") { Description = "Follow the instance until it finishes." };
        var server = Server();
        var key = Key();
        var cmd = new Command("start", "Start a registered workflow on a running server.") { name, input, inputFile, id, version, catalog, watch, server, key };
        cmd.SetAction((parse, ct) => CliRunner.Run(async () =>
        {
            using var client = new RemoteClient(parse.GetValue(server)!, parse.GetValue(key));
            var query = string.Join("&", new[] { ("instanceId", parse.GetValue(id)), ("version", parse.GetValue(version)), ("catalog", parse.GetValue(catalog)) }
                .Where(p => p.Item2 is not null).Select(p => $"{p.Item1}={Uri.EscapeDataString(p.Item2!)}"));
            var payload = await client.SendAsync(HttpMethod.Post, $"api/workflows/{Uri.EscapeDataString(parse.GetValue(name)!)}/instances{(query.Length > 0 ? "?" + query : "")}",
                Inputs.Build(parse.GetValue(inputFile), parse.GetValue(input) ?? []) ?? JsonValue.Create((string?)null), ct).ConfigureAwait(false);
            var instanceId = payload!["id"]!.GetValue<string>();
            Console.Error.WriteLine($"baton: started {parse.GetValue(name)} as instance {instanceId}");
            if (!parse.GetValue(watch))
            {
                Console.Out.WriteLine(payload.ToJsonString(JsonOutput.Indented));
                return ExitCodes.Ok;
            }
            return await WatchAsync(client, instanceId, ct).ConfigureAwait(false);
        }));
        return cmd;
    }

    private static Command Watch()
    {
        var id = new Argument<string>("id") { Description = "The instance id." };
        var server = Server();
        var key = Key();
        var cmd = new Command("watch", "Follow an instance on a running server live until it finishes.") { id, server, key };
        cmd.SetAction((parse, ct) => CliRunner.Run(async () =>
        {
            using var client = new RemoteClient(parse.GetValue(server)!, parse.GetValue(key));
            return await WatchAsync(client, parse.GetValue(id)!, ct).ConfigureAwait(false);
        }));
        return cmd;
    }

    private static Command Events()
    {
        var id = new Argument<string>("id") { Description = "The instance id." };
        var name = new Argument<string>("event") { Description = "The event name." };
        var data = new Option<string?>("--data", "-d") { Description = "The event's data as JSON." };
        var server = Server();
        var key = Key();
        var cmd = new Command("events", "Raise an event on an instance on a running server.") { id, name, data, server, key };
        cmd.SetAction((parse, ct) => CliRunner.Run(async () =>
        {
            using var client = new RemoteClient(parse.GetValue(server)!, parse.GetValue(key));
            var body = parse.GetValue(data) is { } text ? Inputs.Parse(text, "--data") : JsonValue.Create((string?)null);
            await client.SendAsync(HttpMethod.Post, $"api/instances/{Uri.EscapeDataString(parse.GetValue(id)!)}/events/{Uri.EscapeDataString(parse.GetValue(name)!)}", body, ct).ConfigureAwait(false);
            Console.Error.WriteLine($"baton: raised '{parse.GetValue(name)}' on {parse.GetValue(id)}");
            return ExitCodes.Ok;
        }));
        return cmd;
    }

    /// <summary>Sends terminate, suspend, resume or rewind for an instance to the server.</summary>
    public static async Task<int> SendControlAsync(string server, string? key, string verb, string id, string? reason, CancellationToken ct)
    {
        using var client = new RemoteClient(server, key);
        var why = Uri.EscapeDataString(reason ?? $"{verb} from the baton CLI");
        await client.SendAsync(HttpMethod.Post, $"api/instances/{Uri.EscapeDataString(id)}/{verb}?reason={why}", null, ct).ConfigureAwait(false);
        Console.Error.WriteLine($"baton: {verb} accepted for {id}");
        return ExitCodes.Ok;
    }

    private static Command Control(string verb, string description)
    {
        var id = new Argument<string>("id") { Description = "The instance id." };
        var reason = new Option<string?>("--reason") { Description = "Why; recorded in the instance's history." };
        var server = Server();
        var key = Key();
        var cmd = new Command(verb, description) { id, reason, server, key };
        cmd.SetAction((parse, ct) => CliRunner.Run(() =>
            SendControlAsync(parse.GetValue(server)!, parse.GetValue(key), verb, parse.GetValue(id)!, parse.GetValue(reason), ct)));
        return cmd;
    }

    private static Command Purge()
    {
        var id = new Argument<string>("id") { Description = "The finished instance to delete with its history." };
        var server = Server();
        var key = Key();
        var cmd = new Command("purge", "Delete a finished instance and its history on a running server (admin key).") { id, server, key };
        cmd.SetAction((parse, ct) => CliRunner.Run(async () =>
        {
            using var client = new RemoteClient(parse.GetValue(server)!, parse.GetValue(key));
            var result = await client.SendAsync(HttpMethod.Delete, $"api/instances/{Uri.EscapeDataString(parse.GetValue(id)!)}", null, ct).ConfigureAwait(false);
            Console.Out.WriteLine(result?.ToJsonString() ?? "{}");
            return ExitCodes.Ok;
        }));
        return cmd;
    }

    /// <summary>Prints an instance's live step changes from the server's stream, then its output; the exit code reflects the outcome.</summary>
    public static async Task<int> WatchAsync(RemoteClient client, string instanceId, CancellationToken ct)
    {
        JsonNode? final = null;
        var printer = new ProgressPrinter(Console.Error, enabled: true);
        // The last line printed per step, so a full status (the first event, or one sent after the client fell
        // behind) prints only what changed: steps already running when the watch began are shown too.
        var shown = new Dictionary<string, string>(StringComparer.Ordinal);
        void Show(JsonNode payload, DateTimeOffset at)
        {
            var step = ProgressPrinter.FromPayload(payload);
            var key = $"{step.Status}/{step.Attempt}";
            if (shown.GetValueOrDefault(step.Id) != key)
            {
                shown[step.Id] = key;
                printer.Print(step, at);
            }
        }
        await client.StreamAsync($"api/instances/{Uri.EscapeDataString(instanceId)}/stream", (name, data) =>
        {
            var at = data["lastUpdatedTime"]?.GetValue<string>() is { } t ? DateTimeOffset.Parse(t, System.Globalization.CultureInfo.InvariantCulture) : DateTimeOffset.UtcNow;
            if (name == "step" && data["step"] is { } step)
            {
                Show(step, at);
            }
            else if (name == "status")
            {
                foreach (var s in data["steps"]?.AsArray() ?? [])
                {
                    Show(s!, at);
                }
                if (data["runtimeStatus"]?.GetValue<string>() is "Completed" or "Failed" or "Terminated")
                {
                    final = data;
                }
            }
        }, ct).ConfigureAwait(false);
        final ??= await client.SendAsync(HttpMethod.Get, $"api/instances/{Uri.EscapeDataString(instanceId)}", null, ct).ConfigureAwait(false);
        var status = final!["runtimeStatus"]!.GetValue<string>();
        Console.Error.WriteLine($"baton: {instanceId} {status.ToLowerInvariant()}");
        if (status == nameof(InstanceStatus.Completed))
        {
            Console.Out.WriteLine(final["output"]?.ToJsonString(JsonOutput.Indented) ?? "null");
            return ExitCodes.Ok;
        }
        Console.Error.WriteLine($"baton: {final["error"]?["message"]}");
        return status is nameof(InstanceStatus.Running) or nameof(InstanceStatus.Suspended) ? ExitCodes.Interrupted : ExitCodes.WorkflowFailed;
    }
}
