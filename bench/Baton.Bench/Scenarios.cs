using System.Diagnostics;
using Baton.Core.Engine;
using Microsoft.Data.Sqlite;
using Baton.Abstractions;

namespace Baton.Bench;

/// <summary>The measured scenarios; each returns table rows.</summary>
internal static class Scenarios
{
    public sealed record Row(string Scenario, string Metric, string Baton, string Baseline, string Target);

    /// <summary>Raw SQLite: one-row INSERT transactions in WAL mode at the given durability, commits per second.</summary>
    public static double RawSqliteCommitsPerSecond(string synchronous, int commits)
    {
        var dir = Directory.CreateTempSubdirectory("baton-raw-").FullName;
        try
        {
            using var c = new SqliteConnection($"Data Source={Path.Combine(dir, "raw.db")}");
            c.Open();
            using (var setup = c.CreateCommand())
            {
                setup.CommandText = $"PRAGMA journal_mode=WAL; PRAGMA synchronous={synchronous}; CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT);";
                setup.ExecuteNonQuery();
            }
            var sw = Stopwatch.StartNew();
            for (var i = 0; i < commits; i++)
            {
                using var tx = c.BeginTransaction();
                using var cmd = c.CreateCommand();
                cmd.Transaction = tx;
                cmd.CommandText = "INSERT INTO t(v) VALUES($v)";
                cmd.Parameters.AddWithValue("$v", "{\"type\":\"TaskCompleted\",\"stepId\":\"s1\"}");
                cmd.ExecuteNonQuery();
                tx.Commit();
            }
            return commits / sw.Elapsed.TotalSeconds;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>N instances of five sequential no-op tasks started together: orchestrations/s and events/s.</summary>
    public static async Task<(double OrchestrationsPerSecond, double EventsPerSecond, double Seconds)> HelloSequence5Async(string synchronous, int instances)
    {
        await using var b = await BenchHub.StartAsync(synchronous);
        var def = BenchHub.Sequence("hello-sequence-5", 5);
        await b.Hub.WaitForCompletionAsync(await b.Hub.StartInstanceAsync(new StartRequest(def, null, null), default), default);
        var sw = Stopwatch.StartNew();
        var ids = await Task.WhenAll(Enumerable.Range(0, instances).Select(_ => b.Hub.StartInstanceAsync(new StartRequest(def, null, null), default)));
        var finals = await Task.WhenAll(ids.Select(id => b.Hub.WaitForCompletionAsync(id, default)));
        var seconds = sw.Elapsed.TotalSeconds;
        if (finals.Any(f => f.Status != InstanceStatus.Completed))
        {
            throw new InvalidOperationException("An instance did not complete.");
        }
        var events = finals.Sum(f => f.Sequence + 1);
        return (instances / seconds, events / seconds, seconds);
    }

    /// <summary>One instance of N sequential no-op steps: the time from one step's completion to the next's.</summary>
    public static async Task<(double P50, double P99, double Seconds)> LongSequenceAsync(string synchronous, int steps)
    {
        await using var b = await BenchHub.StartAsync(synchronous);
        var def = BenchHub.Sequence("sequence-1000", steps);
        var stamps = new List<long>(steps);
        b.Hub.Changed += change =>
        {
            foreach (var s in change.ChangedSteps)
            {
                if (s.Status == StepStatus.Succeeded)
                {
                    stamps.Add(Stopwatch.GetTimestamp());
                }
            }
        };
        var sw = Stopwatch.StartNew();
        var id = await b.Hub.StartInstanceAsync(new StartRequest(def, null, null), default);
        var final = await b.Hub.WaitForCompletionAsync(id, default);
        var seconds = sw.Elapsed.TotalSeconds;
        if (final.Status != InstanceStatus.Completed || stamps.Count != steps)
        {
            throw new InvalidOperationException($"Sequence ended {final.Status} with {stamps.Count} completions.");
        }
        var gaps = stamps.Zip(stamps.Skip(1), (a, c) => Stopwatch.GetElapsedTime(a, c).TotalMilliseconds).Order().ToArray();
        return (Percentile(gaps, 0.50), Percentile(gaps, 0.99), seconds);
    }

    /// <summary>One instance fanning out to N no-op tasks and joining them: total seconds.</summary>
    public static async Task<double> FanOutAsync(string synchronous, int width)
    {
        await using var b = await BenchHub.StartAsync(synchronous);
        var def = BenchHub.FanOut("fan-out-1000", width);
        var warm = BenchHub.FanOut("fan-out-warm", 10);
        await b.Hub.WaitForCompletionAsync(await b.Hub.StartInstanceAsync(new StartRequest(warm, null, null), default), default);
        var sw = Stopwatch.StartNew();
        var id = await b.Hub.StartInstanceAsync(new StartRequest(def, null, null), default);
        var final = await b.Hub.WaitForCompletionAsync(id, default);
        if (final.Status != InstanceStatus.Completed)
        {
            throw new InvalidOperationException("Fan-out did not complete.");
        }
        return sw.Elapsed.TotalSeconds;
    }

    private static double Percentile(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
}
