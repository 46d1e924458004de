using System.CommandLine;
using System.Text.Json;

namespace Baton.Cli.Commands;

/// <summary><c>baton history</c>: prints the accepted events of an instance, in order.</summary>
internal static class HistoryCommand
{
    public static Command Create()
    {
        var id = new Argument<string>("id") { Description = "The instance id." };
        var db = CommonOptions.Database();
        var json = CommonOptions.Json();
        var backend = CommonOptions.Backend();
        var cmd = new Command("history", "Print an instance's history of accepted events.") { id, db, json, backend };
        cmd.SetAction((parse, ct) => CliRunner.Run(async () =>
        {
            IReadOnlyList<Baton.Abstractions.HistoryEntry> entries;
            if (parse.GetValue(backend) == "durable")
            {
                // Rebuilt from the orchestration's history: the same events the embedded hub records.
                await using var durable = await DurableWorkerSettings.ClientAsync(ct).ConfigureAwait(false);
                entries = await durable.ReadHistoryAsync(parse.GetValue(id)!, 0, int.MaxValue, ct).ConfigureAwait(false);
            }
            else
            {
                await using var store = await HubFactory.OpenReadOnlyAsync(CliSettings.Database(parse.GetValue(db)), ct).ConfigureAwait(false);
                entries = await store.ReadHistoryAsync(parse.GetValue(id)!, 0, int.MaxValue, ct).ConfigureAwait(false);
            }
            if (entries.Count == 0)
            {
                throw new CliError($"No history for instance '{parse.GetValue(id)}'.", ExitCodes.InvalidInput);
            }
            foreach (var e in entries)
            {
                Console.Out.WriteLine(parse.GetValue(json)
                    ? e.Event
                    : $"{e.Sequence,5}  {e.At:HH:mm:ss.fff}  {e.Kind,-18} {Summary(e.Event)}");
            }
            return ExitCodes.Ok;
        }));
        return cmd;
    }

    private static string Summary(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        string Get(string name) => root.TryGetProperty(name, out var v) ? v.ToString() : "";
        return string.Join(" ", new[] { Get("stepId"), root.TryGetProperty("attempt", out var a) ? $"attempt {a}" : "", Get("timerId"), Get("reason") }
            .Where(s => s.Length > 0));
    }
}
