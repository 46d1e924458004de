using System.Collections.Immutable;
using System.Text;
using Baton.Core.Definitions;
using Baton.Core.Engine;
using Baton.Core.Engine.Commands;
using Baton.Core.Engine.Events;
using CsCheck;

namespace Baton.Core.Tests.Engine;

/// <summary>Random sagas, a random step failing, compensating steps failing at random, and late duplicates: the
/// compensation undoes each completed step exactly once, latest completion first, one at a time.</summary>
public class CompensationPropertyTests
{
    [Fact]
    public void Apply_RandomSagas_CompensateEachCompletedStepOnceInReverseOrder() =>
        Gen.Select(Gen.Int[1, 8], Gen.Int[0, int.MaxValue]).Sample(t => Simulate(t.Item1, t.Item2), iter: 400);

    private static void Simulate(int stepCount, int seed)
    {
        var rng = new Random(seed);
        var failing = $"s{rng.Next(stepCount)}";
        var spec = new StringBuilder("  steps:\n");
        for (var i = 0; i < stepCount; i++)
        {
            var deps = Enumerable.Range(0, i).Where(_ => rng.NextDouble() < 0.4).Select(d => $"s{d}").ToList();
            spec.Append($"    - {{ id: s{i}, task: t, on_failure: compensate{(deps.Count > 0 ? $", depends_on: [{string.Join(", ", deps)}]" : "")} }}\n");
        }
        spec.Append("  compensation:\n");
        for (var i = 0; i < stepCount; i++)
        {
            spec.Append($"    - {{ id: u{i}, task: undo, undoes: s{i} }}\n");
        }
        var plan = WorkflowPlan.Compile(DefinitionLoader.Load(
            "apiVersion: baton.dev/v1\nkind: Workflow\nmetadata: { name: saga }\nspec:\n" + spec, "saga.yaml").GetOrThrow());
        var now = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var result = WorkflowEngine.Apply(plan, null, new InstanceStarted(now, "p", null, $"seed-{seed}", ImmutableSortedDictionary<string, string>.Empty));
        var outstanding = new List<DispatchTask>(result.Commands.OfType<DispatchTask>());
        var completedOrder = new List<string>();
        var undone = new List<string>();
        var delivered = new List<WorkflowEvent>();
        var state = result.State;
        for (var i = 0; i < 500 && outstanding.Count > 0; i++)
        {
            now = now.AddSeconds(1);
            if (delivered.Count > 0 && rng.NextDouble() < 0.1)
            {
                Assert.False(WorkflowEngine.Apply(plan, state, delivered[rng.Next(delivered.Count)] with { At = now }).Accepted, $"seed {seed}: a duplicate was accepted");
                continue;
            }
            var d = outstanding[rng.Next(outstanding.Count)];
            outstanding.Remove(d);
            var fails = d.StepId == failing || d.StepId.StartsWith('u') && rng.NextDouble() < 0.2;
            WorkflowEvent e = fails
                ? new TaskFailed(now, d.StepId, d.Attempt, new ErrorInfo("TaskFailed", "no"), Retryable: false)
                : new TaskCompleted(now, d.StepId, d.Attempt, null);
            result = WorkflowEngine.Apply(plan, state, e);
            Assert.True(result.Accepted, $"seed {seed}: {e.GetType().Name} for {d.StepId} was refused");
            state = result.State;
            delivered.Add(e);
            if (d.StepId.StartsWith('s') && !fails)
            {
                completedOrder.Add(d.StepId);
            }
            if (d.StepId.StartsWith('u'))
            {
                undone.Add(d.StepId);
            }
            var cancelled = result.Commands.OfType<CancelTask>().Select(c => c.StepId).ToHashSet();
            outstanding.RemoveAll(o => cancelled.Contains(o.StepId));
            outstanding.AddRange(result.Commands.OfType<DispatchTask>());
            Assert.True(outstanding.Count(o => o.StepId.StartsWith('u')) <= 1, $"seed {seed}: two compensating steps ran at once");
        }
        Assert.Equal(InstanceStatus.Failed, state.Status);
        var expected = completedOrder.AsEnumerable().Reverse().Select(s => "u" + s[1..]).ToList();
        Assert.Equal(expected, undone);
        Assert.All(state.Steps.Values.Where(s => s.Id.StartsWith('u')), s => Assert.True(s.Attempt <= 1, $"seed {seed}: {s.Id} ran twice"));
    }
}
