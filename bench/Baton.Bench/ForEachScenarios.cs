using System.Diagnostics;
using System.Text.Json.Nodes;
using Baton.Core.Engine;
using Microsoft.Data.Sqlite;
using Baton.Abstractions;

namespace Baton.Bench;

/// <summary>A for_each over N items of a no-op function: total time, memory, history and store size, so two sizes show
/// whether an instance grows linearly with its list.</summary>
internal static class ForEachScenarios
{
    public sealed record Result(int Items, double Seconds, double AllocatedMegabytes, long HistoryEvents, double HistoryMegabytes, double StoreMegabytes);

    public static async Task<Result> RunAsync(string synchronous, int items)
    {
        await using var b = await BenchHub.StartAsync(synchronous);
        var text = "apiVersion: baton.dev/v1\nkind: Workflow\nmetadata: { name: for-each }\nspec:\n  steps:\n" +
            "    - { id: each, type: for_each, items: \"${input.items}\", max_concurrency: 64, do: { task: echo, input: { i: \"${index}\", v: \"${item}\" } } }\n" +
            "  output:\n    mapping: { count: \"${len(steps.each.output)}\" }\n";
        var def = new StoredDefinition(ContentHash.Of(text), "workflow", "for-each", "1", "for-each.yaml", text);
        var input = new JsonObject { ["items"] = new JsonArray([.. Enumerable.Range(0, items).Select(i => (JsonNode)$"item-{i}")]) };
        GC.Collect();
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var sw = Stopwatch.StartNew();
        var id = await b.Hub.StartInstanceAsync(new StartRequest(def, null, input), default);
        var final = await b.Hub.WaitForCompletionAsync(id, default);
        var seconds = sw.Elapsed.TotalSeconds;
        var megabytes = (GC.GetTotalAllocatedBytes(precise: true) - allocated) / 1048576.0;
        if (final.Status != InstanceStatus.Completed || final.Output?["count"]?.GetValue<int>() != items)
        {
            throw new InvalidOperationException($"The for_each did not complete with {items} outputs: {final.Status}.");
        }
        using var c = new SqliteConnection($"Data Source={b.DatabasePath};Mode=ReadOnly");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT count(*), coalesce(sum(length(event)), 0) FROM history";
        using var r = cmd.ExecuteReader();
        r.Read();
        var (events, historyBytes) = (r.GetInt64(0), r.GetInt64(1));
        SqliteConnection.ClearAllPools();
        var storeBytes = new[] { "", "-wal" }.Select(s => new FileInfo(b.DatabasePath + s)).Where(f => f.Exists).Sum(f => f.Length);
        return new Result(items, seconds, megabytes, events, historyBytes / 1048576.0, storeBytes / 1048576.0);
    }
}
