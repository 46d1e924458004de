using System.Collections.Immutable;
using System.Text.Json.Nodes;
using Baton.Core.Definitions;
using Baton.Core.Engine;
using Baton.Core.Engine.Commands;
using Baton.Core.Engine.Events;
using CsCheck;

namespace Baton.Core.Tests.Engine;

/// <summary>Random lists, concurrency limits, completion orders, item failures and late duplicates: a for_each starts
/// each item exactly once, never runs more than its limit at once, and collects every output in input order.</summary>
public class ForEachPropertyTests
{
    [Fact]
    public void Apply_RandomForEachRuns_CollectEveryItemOnceInOrder() =>
        Gen.Select(Gen.Int[0, 60], Gen.Int[1, 8], Gen.Int[0, int.MaxValue]).Sample(t => Simulate(t.Item1, t.Item2, t.Item3), iter: 300);

    private static void Simulate(int count, int limit, int seed)
    {
        var rng = new Random(seed);
        var plan = WorkflowPlan.Compile(DefinitionLoader.Load($$"""
            apiVersion: baton.dev/v1
            kind: Workflow
            metadata: { name: fe }
            spec:
              steps:
                - id: each
                  type: for_each
                  items: ${input.items}
                  max_concurrency: {{limit}}
                  on_item_failure: continue
                  do: { task: t, input: "${item}" }
            """, "fe.yaml").GetOrThrow());
        var now = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var input = new JsonObject { ["items"] = new JsonArray([.. Enumerable.Range(0, count).Select(i => (JsonNode)i)]) };
        var result = WorkflowEngine.Apply(plan, null, new InstanceStarted(now, "p", input, "s", ImmutableSortedDictionary<string, string>.Empty));
        var state = result.State;
        var running = new List<DispatchTask>(result.Commands.OfType<DispatchTask>());
        var started = new List<string>(running.Select(d => d.StepId));
        var failed = new HashSet<int>();
        var delivered = new List<WorkflowEvent>();
        while (running.Count > 0)
        {
            Assert.True(running.Count <= limit, $"seed {seed}: {running.Count} items ran at once, limit {limit}");
            now = now.AddSeconds(1);
            if (delivered.Count > 0 && rng.NextDouble() < 0.1)
            {
                Assert.False(WorkflowEngine.Apply(plan, state, delivered[rng.Next(delivered.Count)] with { At = now }).Accepted, $"seed {seed}: a duplicate was accepted");
                continue;
            }
            var d = running[rng.Next(running.Count)];
            running.Remove(d);
            var index = int.Parse(d.StepId[5..^1], System.Globalization.CultureInfo.InvariantCulture);
            WorkflowEvent e = rng.NextDouble() < 0.1
                ? new TaskFailed(now, d.StepId, d.Attempt, new ErrorInfo("TaskFailed", "no"), Retryable: false)
                : new TaskCompleted(now, d.StepId, d.Attempt, JsonValue.Create(index * 10));
            if (e is TaskFailed)
            {
                failed.Add(index);
            }
            result = WorkflowEngine.Apply(plan, state, e);
            Assert.True(result.Accepted, $"seed {seed}: {d.StepId} was refused");
            state = result.State;
            delivered.Add(e);
            var next = result.Commands.OfType<DispatchTask>().ToList();
            running.AddRange(next);
            started.AddRange(next.Select(n => n.StepId));
        }
        Assert.Equal(InstanceStatus.Completed, state.Status);
        Assert.Equal(Enumerable.Range(0, count).Select(i => $"each[{i}]"), started.Order(StringComparer.Ordinal).OrderBy(s => s.Length));
        var expected = new JsonArray([.. Enumerable.Range(0, count).Select(i => failed.Contains(i) ? null : (JsonNode)(i * 10))]);
        Assert.True(JsonNode.DeepEquals(expected, state.Steps["each"].Output), $"seed {seed}: {state.Steps["each"].Output?.ToJsonString()}");
    }
}
