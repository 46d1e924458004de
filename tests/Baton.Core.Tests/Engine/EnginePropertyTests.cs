using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Baton.Core.Definitions;
using Baton.Core.Engine;
using Baton.Core.Engine.Commands;
using Baton.Core.Engine.Events;
using CsCheck;

namespace Baton.Core.Tests.Engine;

/// <summary>Random workflows under random, duplicated and reordered deliveries keep the engine's invariants.</summary>
public class EnginePropertyTests
{
    [Fact]
    public void Apply_RandomWorkflowsAndDeliveries_KeepInvariants() =>
        Gen.Select(Gen.Int[1, 10], Gen.Int[0, int.MaxValue]).Sample(t => Simulate(t.Item1, t.Item2), iter: 500);

    private static void Simulate(int stepCount, int seed)
    {
        var rng = new Random(seed);
        var (plan, input) = RandomWorkflow(stepCount, rng);
        var now = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var result = WorkflowEngine.Apply(plan, null, new InstanceStarted(now, "p", input, $"seed-{seed}", System.Collections.Immutable.ImmutableSortedDictionary<string, string>.Empty));
        var state = result.State;
        var dispatches = new List<DispatchTask>();
        var timers = new List<TimerId>();
        var delivered = new List<WorkflowEvent>();
        var succeeded = new HashSet<string>();
        Check(plan, null, result, dispatches, timers, succeeded);
        for (var i = 0; i < 1000 && !state.IsTerminal && (dispatches.Count > 0 || timers.Count > 0); i++)
        {
            now = now.AddSeconds(rng.Next(1, 5));
            WorkflowEvent e;
            var roll = rng.NextDouble();
            if (delivered.Count > 0 && roll < 0.15)
            {
                var dup = delivered[rng.Next(delivered.Count)];
                var before = JsonSerializer.Serialize(state, EngineJson.Options);
                var again = WorkflowEngine.Apply(plan, state, dup with { At = now });
                Assert.False(again.Accepted, $"seed {seed}: a repeated {dup.GetType().Name} was accepted");
                Assert.Empty(again.Commands);
                Assert.Equal(before, JsonSerializer.Serialize(again.State, EngineJson.Options));
                continue;
            }
            if (roll > 0.93)
            {
                // Pause or continue at random; while suspended nothing may start.
                var previousState = state;
                var control = state.Status == InstanceStatus.Suspended
                    ? WorkflowEngine.Apply(plan, state, new ResumeRequested(now, "p"))
                    : WorkflowEngine.Apply(plan, state, new SuspendRequested(now, "p"));
                if (control.Accepted)
                {
                    state = control.State;
                    Assert.Equal(previousState.Sequence + 1, state.Sequence);
                }
                Check(plan, previousState, control, dispatches, timers, succeeded);
                continue;
            }
            if (timers.Count > 0 && (dispatches.Count == 0 || roll < 0.35))
            {
                var t = timers[rng.Next(timers.Count)];
                timers.Remove(t);
                e = new TimerFired(now, t);
            }
            else
            {
                var d = dispatches[rng.Next(dispatches.Count)];
                var progress = rng.NextDouble() < 0.15;
                if (!progress && rng.NextDouble() < 0.8)
                {
                    dispatches.Remove(d);
                }
                e = progress
                    ? new TaskProgressed(now, d.StepId, d.Attempt, rng.NextDouble() < 0.5 ? TaskProgressed.Started : TaskProgressed.StatusChanged, null)
                    : rng.NextDouble() < 0.6
                    ? new TaskCompleted(now, d.StepId, d.Attempt, new JsonObject { ["v"] = rng.Next(100) })
                    : new TaskFailed(now, d.StepId, d.Attempt, new ErrorInfo("TaskFailed", "random"), rng.NextDouble() < 0.8);
            }
            var previous = state;
            result = WorkflowEngine.Apply(plan, state, e);
            if (previous.Status == InstanceStatus.Suspended)
            {
                Assert.DoesNotContain(result.Commands, c => c is DispatchTask);
            }
            if (result.Accepted)
            {
                delivered.Add(e);
                state = result.State;
                Assert.Equal(previous.Sequence + 1, state.Sequence);
            }
            else
            {
                Assert.Same(previous, result.State);
            }
            Check(plan, previous, result, dispatches, timers, succeeded);
        }
        if (state.Status == InstanceStatus.Suspended)
        {
            result = WorkflowEngine.Apply(plan, state, new ResumeRequested(now, "end"));
            state = result.State;
            Check(plan, null, result, dispatches, timers, succeeded);
            for (var i = 0; i < 1000 && !state.IsTerminal && (dispatches.Count > 0 || timers.Count > 0); i++)
            {
                now = now.AddSeconds(1);
                WorkflowEvent e = timers.Count > 0 ? new TimerFired(now, timers[^1]) : new TaskCompleted(now, dispatches[^1].StepId, dispatches[^1].Attempt, null);
                if (e is TimerFired tf)
                {
                    timers.Remove(tf.TimerId);
                }
                else
                {
                    dispatches.RemoveAt(dispatches.Count - 1);
                }
                var previous = state;
                result = WorkflowEngine.Apply(plan, state, e);
                state = result.State;
                Check(plan, previous, result, dispatches, timers, succeeded);
            }
        }
        Assert.True(state.IsTerminal, $"seed {seed}: the instance stalled in {state.Status} with nothing left to deliver");
        Assert.Equal(0, state.Steps.Values.Count(s => !s.Status.IsTerminal()));
    }

    private static void Check(WorkflowPlan plan, InstanceState? before, EngineResult result, List<DispatchTask> dispatches, List<TimerId> timers, HashSet<string> succeeded)
    {
        var state = result.State;
        foreach (var c in result.Commands)
        {
            switch (c)
            {
                case DispatchTask d:
                    var step = plan.Steps[d.StepId];
                    Assert.True(d.Attempt <= step.Retry.MaxAttempts, $"{d.StepId} attempt {d.Attempt} exceeds max {step.Retry.MaxAttempts}");
                    foreach (var dep in step.Definition.DependsOn)
                    {
                        var s = state.Steps[dep];
                        Assert.True(s.Status is StepStatus.Succeeded or StepStatus.Skipped
                            || s.Status == StepStatus.Failed && plan.Steps[dep].Definition.OnFailure == OnFailure.Continue,
                            $"{d.StepId} started while its dependency {dep} was {s.Status}");
                    }
                    dispatches.Add(d);
                    break;
                case ScheduleTimer t:
                    timers.Add(t.TimerId);
                    break;
                case CancelTimer t:
                    timers.Remove(t.TimerId);
                    break;
                case CancelTask t:
                    dispatches.RemoveAll(d => d.StepId == t.StepId && d.Attempt == t.Attempt);
                    break;
            }
        }
        foreach (var id in result.ChangedSteps)
        {
            var wasDone = before?.Steps[id].Status == StepStatus.Succeeded;
            if (state.Steps[id].Status == StepStatus.Succeeded && !wasDone)
            {
                Assert.True(succeeded.Add(id), $"step {id} completed twice");
            }
        }
        Assert.Equal(state.Steps.Values.Count(s => !s.Status.IsTerminal()), state.OpenSteps);
    }

    private static (WorkflowPlan Plan, JsonNode Input) RandomWorkflow(int n, Random rng)
    {
        var yaml = new StringBuilder("apiVersion: baton.dev/v1\nkind: Workflow\nmetadata: { name: prop }\nspec:\n  steps:\n");
        var flags = new JsonArray();
        for (var i = 0; i < n; i++)
        {
            flags.Add(rng.NextDouble() < 0.7);
            var deps = Enumerable.Range(0, i).Where(_ => rng.NextDouble() < 0.35).Select(j => $"s{j}").ToList();
            yaml.Append($"    - id: s{i}\n      task: t\n");
            if (deps.Count > 0)
            {
                yaml.Append($"      depends_on: [{string.Join(", ", deps)}]\n");
            }
            if (rng.NextDouble() < 0.25)
            {
                yaml.Append($"      condition: \"${{input.flags[{i}]}}\"\n");
            }
            yaml.Append($"      retry: {{ max_attempts: {rng.Next(1, 4)}, initial_delay: 1s, jitter: 0.3 }}\n");
            if (rng.NextDouble() < 0.3)
            {
                yaml.Append("      on_failure: continue\n");
            }
            if (rng.NextDouble() < 0.3)
            {
                yaml.Append("      timeout: 10s\n");
            }
        }
        var def = DefinitionLoader.Load(yaml.ToString(), "prop.yaml").GetOrThrow();
        return (WorkflowPlan.Compile(def), new JsonObject { ["flags"] = flags });
    }
}
