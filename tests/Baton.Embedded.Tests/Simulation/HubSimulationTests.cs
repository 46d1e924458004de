using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Baton.Core.Definitions;
using Baton.Core.Engine;
using Baton.Core.Engine.Commands;
using Baton.Core.Engine.Events;
using Baton.Storage.Sqlite;
using Baton.Testing;
using Xunit.Abstractions;
using Baton.Abstractions;

namespace Baton.Embedded.Tests.Simulation;

/// <summary>The fault-injecting simulation: thousands of seeds, each a reproducible run of random workflows through
/// store faults (failed, ambiguous and slow calls), runner crashes and duplicate answers, clock jumps and process kills.</summary>
/// <remarks>Invariants checked for every seed: each step's attempt ends at most once in history; no step is
/// dispatched before its dependencies finished (checked by replaying the history); every instance finishes; its
/// status, output (less the times wait steps record) and step statuses equal those of the same workflows run without faults. The number of seeds is
/// <c>BATON_SIM_SEEDS</c> (default 10,000); <c>BATON_SIM_SEED=n</c> runs seed n alone and prints its trace:
/// <c>BATON_SIM_SEED=42 dotnet test tests/Baton.Runtime.Tests --filter HubSimulation</c>.</remarks>
public sealed class HubSimulationTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly ITestOutputHelper _output;

    public HubSimulationTests(ITestOutputHelper output) => _output = output;

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Simulation_ManySeeds_KeepEveryInvariant()
    {
        var single = Environment.GetEnvironmentVariable("BATON_SIM_SEED");
        var seeds = single is { Length: > 0 }
            ? [int.Parse(single, CultureInfo.InvariantCulture)]
            : Enumerable.Range(1, int.Parse(Environment.GetEnvironmentVariable("BATON_SIM_SEEDS") ?? "10000", CultureInfo.InvariantCulture)).ToArray();
        var failures = new ConcurrentBag<string>();
        var faultsInjected = 0L;
        await Parallel.ForEachAsync(seeds, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, async (seed, _) =>
        {
            var (problem, injected, trace) = await RunSeedAsync(seed);
            Interlocked.Add(ref faultsInjected, injected);
            if (problem is not null)
            {
                failures.Add($"seed {seed}: {problem}");
            }
            if (single is not null)
            {
                _output.WriteLine(string.Join("\n", trace));
            }
        });
        _output.WriteLine($"{seeds.Length} seeds, {faultsInjected} store faults injected, {failures.Count} failed.");
        Assert.True(failures.IsEmpty, $"{failures.Count} of {seeds.Length} seeds broke an invariant (rerun one with BATON_SIM_SEED=<n>):\n"
            + string.Join("\n", failures.OrderBy(f => f, StringComparer.Ordinal).Take(20)));
        Assert.True(single is not null || faultsInjected > seeds.Length, "the simulation injected too few faults to mean anything");
    }

    private async Task<(string? Problem, int Injected, IReadOnlyList<string> Trace)> RunSeedAsync(int seed)
    {
        var rng = new Random(seed);
        var cases = SimWorkflows.For(seed, rng);
        var reference = await RunAsync($"ref-{seed}", new Random(seed ^ 0x5f3759df), cases, faults: false);
        var faulty = await RunAsync($"sim-{seed}", rng, cases, faults: true);
        try
        {
            return (Check(cases, reference, faulty), faulty.Injected, faulty.Trace);
        }
        finally
        {
            foreach (var file in Directory.GetFiles(_dir.Path, $"*-{seed}.db*"))
            {
                File.Delete(file);
            }
        }
    }

    private sealed record Outcome(bool Finished, Dictionary<string, InstanceState?> States, Dictionary<string, IReadOnlyList<HistoryEntry>> Histories,
        int Injected, IReadOnlyList<string> Trace);

    private async Task<Outcome> RunAsync(string name, Random rng, IReadOnlyList<SimWorkflows.Case> cases, bool faults)
    {
        await using var sqlite = new SqliteTaskHubStore(new SqliteStoreOptions(_dir.File($"{name}.db")) { Synchronous = "NORMAL" });
        await sqlite.InitializeAsync(default);
        SimHub? hub = null;
        var store = new FaultInjectingStore(sqlite, op => hub!.StoreFault(op), () => hub!.SlowCallAsync());
        hub = new SimHub(store, rng, cases, faults);
        var finished = await hub.RunAsync(steps: 300);
        var states = new Dictionary<string, InstanceState?>(StringComparer.Ordinal);
        var histories = new Dictionary<string, IReadOnlyList<HistoryEntry>>(StringComparer.Ordinal);
        foreach (var c in cases)
        {
            states[c.InstanceId] = (await sqlite.LoadInstanceAsync(c.InstanceId, default))?.State;
            histories[c.InstanceId] = await sqlite.ReadHistoryAsync(c.InstanceId, 0, 100_000, default);
        }
        return new Outcome(finished, states, histories, store.Injected, hub.Trace);
    }

    private static string? Check(IReadOnlyList<SimWorkflows.Case> cases, Outcome reference, Outcome run)
    {
        if (!reference.Finished || !run.Finished)
        {
            var stuck = cases.Where(c => run.States[c.InstanceId] is not { IsTerminal: true }).Select(c => c.InstanceId);
            return $"not every instance finished (fault-free run finished: {reference.Finished}); stuck: {string.Join(", ", stuck)}";
        }
        foreach (var c in cases)
        {
            var state = run.States[c.InstanceId]!;
            var expected = reference.States[c.InstanceId]!;
            if (state.Status != expected.Status)
            {
                return $"{c.InstanceId} ended {state.Status}, fault-free {expected.Status}";
            }
            if (!JsonEquals(state.Output, expected.Output))
            {
                return $"{c.InstanceId} output {state.Output?.ToJsonString()} differs from the fault-free {expected.Output?.ToJsonString()}";
            }
            foreach (var (id, step) in expected.Steps)
            {
                if (state.Steps[id].Status != step.Status || state.Steps[id].Attempt != step.Attempt)
                {
                    return $"{c.InstanceId} step {id} is {state.Steps[id].Status} after {state.Steps[id].Attempt} attempt(s), fault-free {step.Status} after {step.Attempt}";
                }
            }
            if (HistoryProblem(c, run.Histories[c.InstanceId]) is { } problem)
            {
                return $"{c.InstanceId}: {problem}";
            }
        }
        return null;
    }

    /// <summary>Each attempt ends once; replaying the history dispatches steps only after their dependencies finished.</summary>
    private static string? HistoryProblem(SimWorkflows.Case c, IReadOnlyList<HistoryEntry> history)
    {
        var ends = history.Where(h => h.Kind is nameof(TaskCompleted) or nameof(TaskFailed))
            .Select(h => JsonSerializer.Deserialize<WorkflowEvent>(h.Event, EngineJson.Options) switch
            {
                TaskCompleted t => (t.StepId, t.Attempt),
                TaskFailed f => (f.StepId, f.Attempt),
                _ => default,
            })
            .GroupBy(k => k)
            .FirstOrDefault(g => g.Count() > 1);
        if (ends is not null)
        {
            return $"attempt {ends.Key.Attempt} of {ends.Key.StepId} ended {ends.Count()} times";
        }
        var plan = WorkflowPlan.Compile(DefinitionLoader.Load(c.Definition.Content, c.Definition.FileName).GetOrThrow());
        InstanceState? state = null;
        for (var i = 0; i < history.Count; i++)
        {
            if (history[i].Sequence != i)
            {
                return $"history has sequence {history[i].Sequence} at position {i}";
            }
            var e = JsonSerializer.Deserialize<WorkflowEvent>(history[i].Event, EngineJson.Options)!;
            var result = WorkflowEngine.Apply(plan, state, e);
            if (!result.Accepted)
            {
                return $"recorded event {i} ({history[i].Kind}) is refused on replay";
            }
            foreach (var d in result.Commands.OfType<DispatchTask>())
            {
                var waiting = plan.Definition.Steps.Single(s => s.Id == d.StepId).DependsOn
                    .Where(dep => result.State.Steps[dep].Status is not (StepStatus.Succeeded or StepStatus.Skipped)).ToList();
                if (waiting.Count > 0)
                {
                    return $"{d.StepId} was dispatched at event {i} before {string.Join(", ", waiting)} finished";
                }
            }
            state = result.State;
        }
        return null;
    }

    // Wait steps record when they ended, which faults legitimately move; everything else must be equal.
    private static bool JsonEquals(JsonNode? a, JsonNode? b) => JsonNode.DeepEquals(WithoutTimes(a), WithoutTimes(b));

    private static JsonNode? WithoutTimes(JsonNode? node)
    {
        var copy = node?.DeepClone();
        foreach (var o in Objects(copy))
        {
            o.Remove("waited_until");
        }
        return copy;
    }

    private static IEnumerable<JsonObject> Objects(JsonNode? node) => node switch
    {
        JsonObject o => [o, .. o.SelectMany(p => Objects(p.Value))],
        JsonArray a => a.SelectMany(Objects),
        _ => [],
    };
}
