using System.Runtime.InteropServices;
using System.Text;

namespace Baton.Bench;

/// <summary><c>--durable</c>: the Durable backend's rows, beside hand-written Durable orchestrations, recorded in their own block of docs/performance.md.</summary>
internal static class DurableBench
{
    public static async Task RunAsync(string[] args, string root, string doc)
    {
        var quick = args.Contains("--quick");
        if (Array.IndexOf(args, "--poll") is var at and >= 0 && at + 1 < args.Length)
        {
            DurableScenarios.PollingInterval = Core.Definitions.Duration.TryParse(args[at + 1], out var poll) ? poll
                : throw new ArgumentException($"--poll takes a duration such as 1s, not '{args[at + 1]}'.");
        }
        var (instances, sequence, fanOut) = quick ? (30, 20, 100) : (100, 50, 1000);
        Console.Error.WriteLine($"baton bench --durable: {instances} x HelloSequence5, {sequence} sequential steps, fan-out of {fanOut}, on Azurite ...");
        var (b, h, history) = await DurableScenarios.RunAsync(root, instances, sequence, fanOut);
        Console.Error.WriteLine("storage requests per step, from Azurite's request log ...");
        var (batonRequests, handRequests) = await DurableScenarios.RequestsPerStepAsync(root, quick ? 10 : 40);
        Console.Error.WriteLine("starts over HTTP, one after another ...");
        var starts = await DurableHttpScenarios.RunAsync(root, quick ? 50 : 200, quick ? 10 : 20);
        Console.Error.WriteLine("provider settings: two workers, one partition, slower polling ...");
        var settings = await DurableWorkerScenarios.RunAsync(root, quick ? 30 : 100);
        static string Ratio(double cost, double baseline) => $"{cost / baseline:0.00}x";
        var table = new StringBuilder()
            .AppendLine($"Measured {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC; Durable Task sidecar over the Azure Storage provider on Azurite, one worker, " +
                $"queues polled at least every {Core.Definitions.Duration.Format(DurableScenarios.PollingInterval)}; " +
                $"{Environment.ProcessorCount} cores; {RuntimeInformation.OSDescription}; .NET {Environment.Version}.")
            .AppendLine()
            .AppendLine("| scenario | metric | Baton (generic orchestrator) | hand-written Durable orchestration, same run | Baton's cost | target |")
            .AppendLine("|---|---|---|---|---|---|")
            .AppendLine($"| HelloSequence5 x {instances}, {DurableScenarios.SequenceRuns} rounds each, in turns | orchestrations/s | {b.OrchestrationsPerSecond:0.0} | {h.OrchestrationsPerSecond:0.0} | {Ratio(h.OrchestrationsPerSecond, b.OrchestrationsPerSecond)} | <= 1.2x |")
            .AppendLine($"| {sequence} sequential steps, {DurableScenarios.SequenceRuns} runs each, in turns | per-step p50 (ms) | {b.StepP50Ms:0} | {h.StepP50Ms:0} | {Ratio(b.StepP50Ms, h.StepP50Ms)} | <= 1.2x |")
            .AppendLine($"| fan-out/fan-in of {fanOut:N0}, mean of {DurableScenarios.FanOutRuns} rounds each, in turns | total (s) | {b.FanOutSeconds:0.0} | {h.FanOutSeconds:0.0} | {Ratio(b.FanOutSeconds, h.FanOutSeconds)} | <= 1.2x |")
            .AppendLine($"| HelloSequence5 x {(quick ? 10 : 40)}, Azurite request log | storage requests per step | {batonRequests:0.0} | {handRequests:0.0} | {Ratio(batonRequests, handRequests)} | - |")
            .AppendLine($"| history of a finished {sequence}-step sequence, read once (not cached) | ms per step | {history.ReadMsPerStep:0.00} (fetch + replay) | {history.FetchMsPerStep:0.00} (the framework's history fetched alone) | {Ratio(history.ReadMsPerStep, history.FetchMsPerStep)} | - |")
            .AppendLine($"| HTTP starts of a workflow that only waits, one after another (`baton serve --backend durable`) | starts/s | {starts.StartsPerSecond:0.0} (p50 {starts.StartP50Ms:0.0} ms) | - (raw GET /healthz round trip: {starts.HealthP50Ms:0.00} ms) | - | >= 27/s (3x the 8-9/s of 2026-12-06) |")
            .AppendLine($"| HelloSequence5 x {(quick ? 30 : 100)}, two worker processes on one hub | orchestrations/s | {settings.TwoWorkers:0.0} | {settings.OneWorker:0.0} (one worker, same settings) | {Ratio(settings.OneWorker, settings.TwoWorkers)} | - |")
            .AppendLine($"| HelloSequence5 x {(quick ? 30 : 100)}, one partition instead of four | orchestrations/s | {settings.OnePartition:0.0} | {settings.OneWorker:0.0} (four partitions) | {Ratio(settings.OneWorker, settings.OnePartition)} | - |")
            .AppendLine($"| HelloSequence5 x {(quick ? 30 : 100)}, queues polled at most every 1 s instead of 100 ms | orchestrations/s | {settings.SlowPolling:0.0} | {settings.OneWorker:0.0} (100 ms) | {Ratio(settings.OneWorker, settings.SlowPolling)} | - |")
            .AppendLine($"| the same starts, Azurite request log | storage requests per start (polling excluded) | {starts.RequestsPerStart:0.0} | - | - | - |")
            .ToString();
        Console.WriteLine(table);
        if (quick || args.Contains("--no-record"))
        {
            return;
        }
        Recorder.Record(doc, "bench-durable", table);
    }
}
