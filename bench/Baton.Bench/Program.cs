using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Baton.Bench;

// Runs every scenario on a fresh SQLite file with synchronous=FULL (the default), beside the raw SQLite
// commit rate measured in the same run, prints a Markdown table, and records it in docs/performance.md.
if (args is ["--serve-child", var childPort, var childDb, .. var childStorage])
{
    await HttpScenarios.ServeChildAsync(childPort, childDb, childStorage.FirstOrDefault());
    return;
}
if (args.Contains("--for-each"))
{
    foreach (var n in new[] { 1000, 10_000 })
    {
        Console.WriteLine(await ForEachScenarios.RunAsync("FULL", n));
    }
    return;
}
if (args.Contains("--container"))
{
    var (batonP50, rawP50) = await ContainerScenarios.RunAsync(RepoRoot(), 20);
    Console.WriteLine($"one container step: baton p50 {batonP50:0} ms, raw podman run --rm p50 {rawP50:0} ms, ratio {batonP50 / rawP50:0.00}x");
    return;
}
if (args.Contains("--pool"))
{
    var p = await PoolScenarios.RunAsync(RepoRoot(), 50);
    Console.WriteLine($"{p.Attempts} detect attempts: a pool of up to {p.Replicas} replicas {p.PoolSeconds:0.0} s, one container per attempt {p.PerAttemptSeconds:0.0} s");
    return;
}
if (args.Contains("--http"))
{
    // The control plane's rows alone, with the counts given (default 300 sequential, 2,000 concurrent, as many waiter starts): for profiling.
    var counts = Counts("--http");
    var h = await HttpScenarios.RunAsync(counts.ElementAtOrDefault(0) is > 0 and var n ? n : 300, counts.ElementAtOrDefault(1) is > 0 and var m ? m : 2000, 32,
        counts.ElementAtOrDefault(2) is > 0 and var w ? w : null);
    Console.WriteLine($"GET /healthz p50 {h.HealthP50:0.00} ms, {h.HealthPerSecond:0}/s; hello5 start to completion p50 {h.StartP50:0.00} ms p99 {h.StartP99:0.00} ms; " +
        $"hello5 starts {h.StartsPerSecond:0}/s; waiter starts {h.WaiterStartsPerSecond:0}/s ({h.WaiterStartsPerSecond / h.HealthPerSecond:P1} of GET)");
    return;
}
if (args.Contains("--hello"))
{
    // HelloSequence5 x N (default 1,000) several times, for profiling the per-event cost.
    var count = Counts("--hello") is [var given, ..] ? given : 1000;
    for (var round = 0; round < 5; round++)
    {
        Console.WriteLine($"HelloSequence5 x {count:N0}: {(await Scenarios.HelloSequence5Async("FULL", count)).OrchestrationsPerSecond:0} orchestrations/s");
    }
    return;
}
if (args.Contains("--fan-out"))
{
    // One fan-out/fan-in of N (default 1,000) several times, for profiling the group commit.
    var width = Counts("--fan-out") is [var given, ..] ? given : 1000;
    for (var round = 0; round < 5; round++)
    {
        Console.WriteLine($"fan-out/fan-in of {width:N0}: {await Scenarios.FanOutAsync("FULL", width):0.000} s");
    }
    return;
}
if (args.Contains("--waiting"))
{
    // Instances waiting on an event: 20,000 by default, or the count given (1000000 for the issue's full figure).
    var count = Counts("--waiting") is [var given, ..] ? given : 20_000;
    var r = await WaitingScenarios.RunAsync(count);
    Console.WriteLine($"{r.Instances:N0} waiting instances: started in {r.StartSeconds:0.0} s, RSS {r.RssBeforeBytes / 1048576.0:0} -> {r.RssAfterBytes / 1048576.0:0} MB " +
        $"({(r.RssAfterBytes - r.RssBeforeBytes) / (double)r.Instances:0} bytes each); kill -9 and restart to ready {r.RestartSeconds:0.00} s; " +
        $"raise to completion {r.RaiseToCompletedMs:0.0} ms; page of 100: first {r.FirstPageMs:0.0} ms, page {r.DeepPage} {r.DeepPageMs:0.0} ms");
    return;
}
if (args is ["--durable-worker", var workerStorage, var workerHub])
{
    await DurableWorkerScenarios.WorkerChildAsync(workerStorage, workerHub);
    return;
}
if (args.Contains("--durable-workers"))
{
    // The provider settings' rows alone, with the count given (default 100).
    var w = await DurableWorkerScenarios.RunAsync(RepoRoot(), Counts("--durable-workers") is [var given, ..] ? given : 100);
    Console.WriteLine($"HelloSequence5 orchestrations/s: one worker {w.OneWorker:0.0}, two workers {w.TwoWorkers:0.0}, one partition {w.OnePartition:0.0}, polling every 1 s {w.SlowPolling:0.0}");
    return;
}
if (args.Contains("--durable-http"))
{
    // Starts over HTTP on the Durable backend alone, with the count given (default 200).
    var d = await DurableHttpScenarios.RunAsync(RepoRoot(), Counts("--durable-http") is [var given, ..] ? given : 200, 20);
    Console.WriteLine($"Durable HTTP starts one after another: {d.StartsPerSecond:0.0}/s, p50 {d.StartP50Ms:0.0} ms (raw GET {d.HealthP50Ms:0.00} ms); " +
        $"{d.RequestsPerStart:0.0} storage requests per start");
    return;
}
if (args.Contains("--durable"))
{
    await DurableBench.RunAsync(args, RepoRoot(), FindDoc());
    return;
}
var sync = args.Contains("--normal") ? "NORMAL" : "FULL";
var quick = args.Contains("--quick");
var instances = quick ? 200 : 1000;
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;

Console.Error.WriteLine($"baton bench: synchronous={sync}, {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}");
Console.Error.WriteLine("raw SQLite commits ...");
var raw = Scenarios.RawSqliteCommitsPerSecond(sync, quick ? 300 : 2000);
Console.Error.WriteLine($"HelloSequence5 x {instances} ...");
(double OrchestrationsPerSecond, double EventsPerSecond, double Seconds) hello;
string helloBatches;
using (var batches = new BatchSizes())
{
    hello = await Scenarios.HelloSequence5Async(sync, instances);
    helloBatches = batches.Describe();
}
Console.Error.WriteLine("sequence of 1,000 steps ...");
var seq = await Scenarios.LongSequenceAsync(sync, 1000);
Console.Error.WriteLine("fan-out/fan-in of 1,000 ...");
double fan;
string fanBatches;
using (var batches = new BatchSizes())
{
    fan = await Scenarios.FanOutAsync(sync, 1000);
    fanBatches = batches.Describe();
}
Console.Error.WriteLine("HTTP control plane in a second process ...");
var web = await HttpScenarios.RunAsync(quick ? 100 : 300, quick ? 500 : 2000, 32);
Console.Error.WriteLine("validating sequences of 2,000 and 20,000 steps ...");
var validations = new[] { ValidationScenarios.Run(2000), ValidationScenarios.Run(20_000) };
Console.Error.WriteLine("for_each over 1,000 and 10,000 items ...");
var forEaches = new[] { await ForEachScenarios.RunAsync(sync, 1000), await ForEachScenarios.RunAsync(sync, 10_000) };
Console.Error.WriteLine("one container step on podman ...");
var box = await ContainerScenarios.RunAsync(RepoRoot(), quick ? 5 : 20);
Console.Error.WriteLine("a burst on a service pool beside one container per attempt ...");
var pooled = await PoolScenarios.RunAsync(RepoRoot(), quick ? 20 : 50);
Console.Error.WriteLine("instances waiting on an event ...");
var waiting = await WaitingScenarios.RunAsync(quick ? 5_000 : 20_000);

var rows = new List<Scenarios.Row>
{
    new("raw SQLite (baseline)", "single-row commits/s", "-", $"{raw:0}", "-"),
    new($"HelloSequence5 x {instances}", "orchestrations/s", $"{hello.OrchestrationsPerSecond:0}", $"{raw / 6:0} (commits/s ÷ 6 events, one commit each)", ">= 3x baseline"),
    new($"HelloSequence5 x {instances}", "events/s", $"{hello.EventsPerSecond:0}", $"{raw:0} (one commit per event)", "-"),
    new($"HelloSequence5 x {instances}", "group commits", helloBatches, "1 event each", "-"),
    new("1,000 sequential steps", "per-step p50 (ms)", $"{seq.P50:0.00}", $"{1000 / raw:0.00} (one commit)", "<= 1.5x baseline"),
    new("1,000 sequential steps", "per-step p99 (ms)", $"{seq.P99:0.00}", $"{1000 / raw:0.00} (one commit)", "<= 5x baseline"),
    new("fan-out/fan-in of 1,000", "total (s)", $"{fan:0.00}", $"{1002 / raw:0.00} (1,002 commits, one per event)", "<= 0.3x baseline"),
    new("fan-out/fan-in of 1,000", "group commits", fanBatches, "1 event each", "-"),
    new("HTTP start to completion (hello5, ?wait)", "latency p50 (ms)", $"{web.StartP50:0.00}", $"{web.HealthP50 + 5000 / raw:0.00} (raw GET /healthz round trip + 5 commits)", "<= 10x baseline"),
    new("HTTP start to completion (hello5, ?wait)", "latency p99 (ms)", $"{web.StartP99:0.00}", $"{web.StartP50:0.00} (its own p50)", "<= 3x p50"),
    new("HTTP starts, 32 concurrent clients", "starts/s", $"{web.StartsPerSecond:0}", $"{web.HealthPerSecond:0} (raw GET /healthz req/s)", "-"),
    new("HTTP starts of a workflow that only waits, 32 clients", "starts/s", $"{web.WaiterStartsPerSecond:0}", $"{web.HealthPerSecond:0} (raw GET /healthz req/s)", ">= 25% of baseline"),
    new($"{waiting.Instances:N0} instances waiting on an event (started by HTTP, 16 clients)", "server RSS after the starts (MB)",
        $"{waiting.RssAfterBytes / 1048576.0:0} ({(waiting.RssAfterBytes - waiting.RssBeforeBytes) / (double)waiting.Instances:0} bytes each)",
        $"{waiting.RssBeforeBytes / 1048576.0:0} (the idle server)", "<= 1.5 GB at 1,000,000 (`--waiting 1000000`)"),
    new($"{waiting.Instances:N0} instances waiting on an event (started by HTTP, 16 clients)", "kill -9, restart to ready (s)",
        $"{waiting.RestartSeconds:0.00}", $"{waiting.FreshStartSeconds:0.00} (the first start, empty store)", "<= 5"),
    new($"{waiting.Instances:N0} instances waiting on an event (started by HTTP, 16 clients)", "raised event to completed (ms)",
        $"{waiting.RaiseToCompletedMs:0.0}", "-", "<= 10"),
    new($"{waiting.Instances:N0} instances waiting on an event (started by HTTP, 16 clients)", $"a page of 100, page {waiting.DeepPage} (ms)",
        $"{waiting.DeepPageMs:0.0}", $"{waiting.FirstPageMs:0.0} (the first page)", "flat"),
    new("one container step (busybox, podman)", "start to completion p50 (ms)", $"{box.BatonP50:0}", $"{box.RawP50:0} (raw `podman run --rm`)", "<= 1.2x raw"),
    new($"{pooled.Attempts} detect attempts at once (Node.js image, protobuf)", "attempts/s, service pool of up to 4 (from none)",
        $"{pooled.Attempts / pooled.PoolSeconds:0.0}", $"{pooled.Attempts / pooled.PerAttemptSeconds:0.0} (one container per attempt, same image)", "-"),
};
foreach (var v in validations)
{
    rows.Add(new($"validate a {v.Steps:N0}-step sequence", "time (ms)", $"{v.Milliseconds:0}", $"{v.ParseMilliseconds:0} (bare YAML parse of the same text)", "linear in steps"));
    rows.Add(new($"validate a {v.Steps:N0}-step sequence", "allocated (MB)", $"{v.AllocatedMegabytes:0}", $"{v.ParseMegabytes:0} (bare YAML parse)", "linear in steps"));
}
foreach (var f in forEaches)
{
    var label = $"for_each over {f.Items:N0} items (echo, 64 at once)";
    rows.Add(new(label, "total (s)", $"{f.Seconds:0.00}", $"{(f.Items + 2) / raw:0.00} ({f.Items + 2:N0} raw commits, one per event)", "linear in items"));
    rows.Add(new(label, "allocated (MB)", $"{f.AllocatedMegabytes:0}", "-", "linear in items"));
    rows.Add(new(label, "history events / MB", $"{f.HistoryEvents:N0} / {f.HistoryMegabytes:0.0}", "-", "linear in items"));
    rows.Add(new(label, "store on disk (MB)", $"{f.StoreMegabytes:0.0}", "-", "linear in items"));
}
var table = new StringBuilder()
    .AppendLine($"Measured {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC; synchronous={sync}; {Environment.ProcessorCount} cores; {RuntimeInformation.OSDescription}; .NET {Environment.Version}.")
    .AppendLine()
    .AppendLine("| scenario | metric | Baton | baseline in the same run | target |")
    .AppendLine("|---|---|---|---|---|");
foreach (var r in rows)
{
    table.AppendLine($"| {r.Scenario} | {r.Metric} | {r.Baton} | {r.Baseline} | {r.Target} |");
}
Console.WriteLine(table);

if (!args.Contains("--no-record") && !quick)
{
    var doc = FindDoc();
    Recorder.Record(doc, "bench", table.ToString());
}

static string FindDoc() => Path.Combine(RepoRoot(), "docs", "performance.md");

static string RepoRoot()
{
    var dir = new DirectoryInfo(AppContext.BaseDirectory);
    while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Functions.sln")))
    {
        dir = dir.Parent;
    }
    return dir?.FullName ?? ".";
}

// The numbers given after a flag (bench --waiting 1000000), up to the next flag.
int[] Counts(string flag) =>
    [.. args.SkipWhile(a => a != flag).Skip(1).TakeWhile(a => !a.StartsWith("--", StringComparison.Ordinal)).Select(a => int.Parse(a, CultureInfo.InvariantCulture))];
