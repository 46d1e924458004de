using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Baton.Storage.Sqlite;
using Baton.Testing;
using Xunit.Abstractions;

namespace Baton.Cli.Tests.Recovery;

/// <summary>Kills <c>baton</c> with SIGKILL at random moments, resumes, and checks nothing was lost or done twice.</summary>
/// <remarks>At least BATON_CRASH_KILLS (default 20) rounds, each on a fresh store, and until at least that many
/// SIGKILLs have landed mid-run; BATON_CRASH_SEED replays a run.</remarks>
public sealed class CrashRecoveryTests(ITestOutputHelper log) : IDisposable
{
    private static readonly string[] TaskSteps = ["start", "base", "fan-1", "fan-2", "fan-3", "fan-4", "fan-5", "join", "copy", "pause", "finish"];
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task RunAndResume_KilledAtRandomMoments_FinishesWithEachCompletionRecordedOnce()
    {
        var wantedKills = int.TryParse(Environment.GetEnvironmentVariable("BATON_CRASH_KILLS"), out var n) ? n : 20;
        var seed = int.TryParse(Environment.GetEnvironmentVariable("BATON_CRASH_SEED"), out var s) ? s : Environment.TickCount;
        log.WriteLine($"crash test: until {wantedKills} kills land, seed {seed} (replay with BATON_CRASH_SEED={seed})");
        var rng = new Random(seed);
        var workflow = Path.Combine(AppContext.BaseDirectory, "Workflows", "crash.yaml");
        var totalKills = 0;
        var rounds = 0;
        for (var i = 0; (rounds < wantedKills || totalKills < wantedKills) && i < wantedKills * 3; i++)
        {
            var db = _dir.File($"crash-{i}.db");
            var id = $"crash-{i}";
            var kills = 0;
            var first = BatonProcess.Start(_dir.Path, "run", workflow, "--db", db, "--id", id, "--input", $"seed={i}", "--quiet");
            if (await KillAfterAsync(first, rng.Next(100, 2600)))
            {
                kills++;
            }
            for (var again = 0; !await StartedAsync(db, id); again++)
            {
                // Killed before the start was committed: nothing was recorded, so the user simply runs it again
                // (on a loaded machine the process may need longer than the kill delay to get that far).
                Assert.True(again < 5, $"round {i} (seed {seed}): the start was never committed in {again} runs");
                log.WriteLine($"round {i}: killed before the start committed; running again");
                first = BatonProcess.Start(_dir.Path, "run", workflow, "--db", db, "--id", id, "--input", $"seed={i}", "--quiet");
                await KillAfterAsync(first, rng.Next(800, 2500) * (again + 1));
            }
            while (kills < 4 && rng.NextDouble() < 0.5)
            {
                var resume = BatonProcess.Start(_dir.Path, "resume", "--db", db, "--id", id, "--quiet");
                if (await KillAfterAsync(resume, rng.Next(100, 1500)))
                {
                    kills++;
                }
            }
            var final = await BatonProcess.RunAsync(_dir.Path, "resume", "--db", db, "--id", id, "--quiet");
            Assert.True(final.ExitCode == 0, $"round {i} (seed {seed}): resume exited {final.ExitCode}: {final.Stderr}");
            var output = JsonNode.Parse(final.Stdout)!;
            Assert.Equal(i * 50 + 15, output["total"]!.GetValue<long>());
            await AssertEachCompletionOnceAsync(db, id, i, seed, output["id"]!.GetValue<string>());
            totalKills += kills;
            rounds++;
            log.WriteLine($"round {i}: {kills} kill(s), {totalKills} so far");
        }
        Assert.True(totalKills >= wantedKills && rounds >= wantedKills, $"only {totalKills} kills landed mid-run in {rounds} rounds; the kills are not landing");
        log.WriteLine($"{totalKills} SIGKILLs in {rounds} rounds; every round finished with each completion recorded once");
    }

    private static async Task<bool> StartedAsync(string db, string id)
    {
        if (!File.Exists(db))
        {
            return false;
        }
        await using var store = new SqliteTaskHubStore(new SqliteStoreOptions(db) { ReadOnly = true });
        await store.InitializeAsync(default);
        try
        {
            return await store.LoadInstanceAsync(id, default) is not null;
        }
        catch (Microsoft.Data.Sqlite.SqliteException)
        {
            return false;
        }
    }

    private static async Task<bool> KillAfterAsync(Process p, int ms)
    {
        using (p)
        {
            var exited = p.WaitForExitAsync();
            var drain = Task.WhenAll(p.StandardOutput.ReadToEndAsync(), p.StandardError.ReadToEndAsync());
            if (await Task.WhenAny(exited, Task.Delay(ms)) == exited)
            {
                await drain;
                return false;
            }
            p.Kill();
            await p.WaitForExitAsync();
            await drain;
            return true;
        }
    }

    private static async Task AssertEachCompletionOnceAsync(string db, string id, int round, int seed, string outputId)
    {
        await using var store = new SqliteTaskHubStore(new SqliteStoreOptions(db) { ReadOnly = true });
        await store.InitializeAsync(default);
        var history = await store.ReadHistoryAsync(id, 0, 10_000, default);
        Assert.Equal(Enumerable.Range(0, history.Count).Select(x => (long)x), history.Select(h => h.Sequence));
        var completions = history.Where(h => h.Kind == "TaskCompleted")
            .Select(h => JsonDocument.Parse(h.Event).RootElement.GetProperty("stepId").GetString()!)
            .GroupBy(x => x).ToDictionary(g => g.Key, g => g.Count());
        foreach (var step in TaskSteps)
        {
            Assert.True(completions.GetValueOrDefault(step) == 1,
                $"round {round} (seed {seed}): step {step} completed {completions.GetValueOrDefault(step)} times");
        }
        var state = (await store.LoadInstanceAsync(id, default))!.State;
        Assert.Equal(Baton.Core.Engine.InstanceStatus.Completed, state.Status);
        // uuid() was evaluated once, when 'copy' first started; every redelivery carried that recorded value.
        Assert.Equal(state.Steps["copy"].Input!["id"]!.GetValue<string>(), outputId);
    }
}
