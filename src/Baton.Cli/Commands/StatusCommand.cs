using System.CommandLine;
using System.Text.Json;
using Baton.Core.Engine;
using Baton.Abstractions;

namespace Baton.Cli.Commands;

/// <summary><c>baton status</c>: lists instances, or shows one instance with every step.</summary>
/// <remarks>Opens the store read-only, so it works while another process runs workflows on it.</remarks>
internal static class StatusCommand
{
    public static Command Create()
    {
        var id = new Argument<string?>("id") { Description = "An instance id (omit to list instances).", Arity = ArgumentArity.ZeroOrOne };
        var db = CommonOptions.Database();
        var json = CommonOptions.Json();
        var server = RemoteCommands.Server(required: false);
        var key = RemoteCommands.Key();
        var cmd = new Command("status", "Show instances and their steps (from the local store, or from a server with --server).") { id, db, json, server, key };
        cmd.SetAction((parse, ct) => CliRunner.Run(async () =>
        {
            if (parse.GetValue(server) is { Length: > 0 } url)
            {
                using var client = new RemoteClient(url, parse.GetValue(key));
                var path = parse.GetValue(id) is { } one ? $"api/instances/{Uri.EscapeDataString(one)}" : "api/instances";
                Console.Out.WriteLine((await client.SendAsync(HttpMethod.Get, path, null, ct).ConfigureAwait(false))?.ToJsonString(JsonOutput.Indented));
                return ExitCodes.Ok;
            }
            await using var store = await HubFactory.OpenReadOnlyAsync(CliSettings.Database(parse.GetValue(db)), ct).ConfigureAwait(false);
            if (parse.GetValue(id) is not { } instanceId)
            {
                var list = await store.ListInstancesAsync(new InstanceQuery(MaxCount: 50), ct).ConfigureAwait(false);
                if (parse.GetValue(json))
                {
                    Console.Out.WriteLine(JsonSerializer.Serialize(list, JsonOutput.Indented));
                    return ExitCodes.Ok;
                }
                Console.Out.WriteLine($"{"INSTANCE",-34} {"WORKFLOW",-28} {"STATUS",-11} CREATED");
                foreach (var s in list)
                {
                    Console.Out.WriteLine($"{s.InstanceId,-34} {s.WorkflowName,-28} {s.Status,-11} {s.CreatedAt:u}");
                }
                return ExitCodes.Ok;
            }
            var record = await store.LoadInstanceAsync(instanceId, ct).ConfigureAwait(false)
                ?? throw new CliError($"No instance '{instanceId}'.", ExitCodes.InvalidInput);
            var state = record.State;
            if (parse.GetValue(json))
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(state, JsonOutput.Indented));
                return ExitCodes.Ok;
            }
            Console.Out.WriteLine($"{state.WorkflowName} v{state.WorkflowVersion}  instance {state.InstanceId}  {state.Status}");
            Console.Out.WriteLine($"created {state.CreatedAt:O}  updated {state.UpdatedAt:O}  events {state.Sequence + 1}");
            Console.Out.WriteLine($"{"STEP",-28} {"STATUS",-13} {"TRIES",5} {"MS",8}  ERROR");
            foreach (var step in state.Steps.Values.OrderBy(s => s.StartedAt ?? DateTimeOffset.MaxValue).ThenBy(s => s.Id, StringComparer.Ordinal))
            {
                Console.Out.WriteLine($"{step.Id,-28} {step.Status.ToWireName(),-13} {step.Attempt,5} {step.DurationMs,8:0}  {step.Error?.Message}");
            }
            if (state.Error is { } error)
            {
                Console.Out.WriteLine($"error: [{error.Code}] {error.Message}");
            }
            if (state.Output is { } output)
            {
                Console.Out.WriteLine("output: " + output.ToJsonString(JsonOutput.Indented));
            }
            return ExitCodes.Ok;
        }));
        return cmd;
    }
}
