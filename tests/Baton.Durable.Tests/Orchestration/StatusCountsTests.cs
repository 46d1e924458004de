using System.Collections.Immutable;
using System.Text.Json.Nodes;
using Baton.Core.Definitions;
using Baton.Core.Engine;
using Baton.Core.Engine.Commands;
using Baton.Core.Engine.Events;

namespace Baton.Durable.Tests.Orchestration;

public sealed class StatusCountsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Apply_EveryEventOfAFanOutWithRetries_KeepsTheSameCountsAsAFullRecount()
    {
        var steps = "    - { id: root, task: t }\n" + string.Concat(Enumerable.Range(0, 150).Select(i =>
            $"    - {{ id: p{i}, task: t, depends_on: [root], retry: {{ max_attempts: 2, initial_delay: 1s }} }}\n")) + "    - { id: again, type: continue_as_new, depends_on: [p0], condition: \"${input == null}\", input: { second: true } }\n";
        var plan = WorkflowPlan.Compile(DefinitionLoader.Load(
            "apiVersion: baton.dev/v1\nkind: Workflow\nmetadata: { name: wide, version: '1' }\nspec:\n  steps:\n" + steps, "wide.yaml").GetOrThrow());
        var result = WorkflowEngine.Apply(plan, null, new InstanceStarted(T0, "i", null, "seed", ImmutableSortedDictionary<string, string>.Empty));
        var counts = new StatusCounts(plan, result.State);
        var random = new Random(7);
        var applied = 0;
        while (!result.State.IsTerminal && applied++ < 2_000)
        {
            var state = result.State;
            var running = state.Steps.Values.Where(s => s.Status == StepStatus.Running).OrderBy(s => s.Id, StringComparer.Ordinal).ToList();
            var retrying = state.Steps.Values.Where(s => s.Status == StepStatus.WaitingRetry).OrderBy(s => s.Id, StringComparer.Ordinal).ToList();
            WorkflowEvent e = running.Count > 0 && (retrying.Count == 0 || random.Next(3) > 0)
                ? running[random.Next(running.Count)] is var r && random.Next(4) == 0
                    ? new TaskFailed(T0, r.Id, r.Attempt, new ErrorInfo("Boom", "boom"))
                    : new TaskCompleted(T0, r.Id, r.Attempt, new JsonObject())
                : new TimerFired(T0, TimerId.Retry(retrying[0].Id, retrying[0].Attempt + 1).InGeneration(state.Generation));
            var next = WorkflowEngine.Apply(plan, state, e);
            if (!next.Accepted)
            {
                continue;
            }
            counts.Apply(state, next);
            result = next;

            var fresh = new StatusCounts(plan, result.State);
            Assert.Equal(fresh.Completed, counts.Completed);
            Assert.Equal(fresh.Active().ToJsonString(), counts.Active().ToJsonString());
        }
        Assert.True(result.State.IsTerminal);
        Assert.Contains(result.Commands, c => c is InstanceFinished);
    }
}
