using System.Text.Json.Nodes;
using Baton.Core.Definitions;
using Baton.Core.Engine;
using Baton.Core.Engine.Events;
using CsCheck;
using static Baton.Core.Tests.Engine.EngineHarness;

namespace Baton.Core.Tests.Engine;

public sealed class WorkflowEngineLoopTests
{
    private static EngineHarness Poll(string conditions, int max = 5) => For($$"""
          steps:
            - id: poll
              type: loop
              max_iterations: {{max}}
              {{conditions}}
              do:
                task: check
                input: { attempt: "${iteration}", previous: "${last}" }
            - { id: after, task: t, depends_on: [poll], input: { runs: "${len(steps.poll.output)}" } }
        """);

    private static JsonObject Status(string s) => new() { ["status"] = s };

    [Fact]
    public void Apply_LoopUntil_RunsOneIterationAtATimeUntilTheConditionHolds()
    {
        var h = Poll("until: ${last.status == 'done'}");

        var started = h.Start();
        Assert.Equal(["poll[0]#1"], Dispatched(started));
        Assert.Equal("""{"attempt":0,"previous":null}""", Dispatches(started).Single().Input!.ToJsonString());
        var second = h.Complete("poll[0]", output: Status("waiting"));
        Assert.Equal(["poll[1]#1"], Dispatched(second));
        Assert.Equal("""{"attempt":1,"previous":{"status":"waiting"}}""", Dispatches(second).Single().Input!.ToJsonString());
        var done = h.Complete("poll[1]", output: Status("done"));

        Assert.Equal(["after#1"], Dispatched(done));
        Assert.Equal("""[{"status":"waiting"},{"status":"done"}]""", h.Step("poll").Output!.ToJsonString());
    }

    [Fact]
    public void Apply_LoopWhileFalseAtTheStart_RunsNothingAndSucceedsEmpty()
    {
        var h = Poll("while: ${input.go}");

        var started = h.Start(new JsonObject { ["go"] = false });

        Assert.Equal(["after#1"], Dispatched(started));
        Assert.Equal("[]", h.Step("poll").Output!.ToJsonString());
    }

    [Fact]
    public void Apply_LoopStillAskingAfterMaxIterations_FailsWithTheLimit()
    {
        var h = Poll("until: ${last.status == 'done'}", max: 2);
        h.Start();
        h.Complete("poll[0]", output: Status("waiting"));
        h.Complete("poll[1]", output: Status("waiting"));

        Assert.Equal(InstanceStatus.Failed, h.State!.Status);
        Assert.Equal("LoopLimitReached", h.State.Error!.Code);
        Assert.False(h.State.Steps.ContainsKey("poll[2]"));
    }

    [Fact]
    public void Apply_LoopWithoutConditions_RunsMaxIterationsTimes()
    {
        var h = Poll("", max: 3);
        h.Start();
        h.Complete("poll[0]");
        h.Complete("poll[1]");
        h.Complete("poll[2]");

        Assert.Equal(StepStatus.Succeeded, h.Step("poll").Status);
        Assert.Equal(3, h.Step("poll").Output!.AsArray().Count);
    }

    [Fact]
    public void Apply_IterationFailsForGood_FailsTheLoop()
    {
        var h = Poll("until: ${last.status == 'done'}");
        h.Start();

        h.Fail("poll[0]", retryable: false, message: "down");

        Assert.Equal(InstanceStatus.Failed, h.State!.Status);
        Assert.Contains("Iteration 0 failed: down", h.State.Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Apply_IterationEndsWhileSuspended_TheNextStartsOnResume()
    {
        var h = Poll("until: ${last.status == 'done'}");
        h.Start();
        h.Apply(new SuspendRequested(h.Now, "pause"));

        Assert.Empty(Dispatched(h.Complete("poll[0]", output: Status("waiting"))));
        Assert.Equal(["poll[1]#1"], Dispatched(h.Apply(new ResumeRequested(h.Now, "go"))));
    }

    [Fact]
    public void Load_LoopWithoutMaxIterationsOrWithForEachKeys_IsRefused()
    {
        var result = DefinitionLoader.Load("""
            apiVersion: baton.dev/v1
            kind: Workflow
            metadata: { name: l }
            spec:
              steps:
                - { id: forever, type: loop, until: "${last.ok}", do: { task: t } }
                - { id: mixed, type: loop, max_iterations: 3, items: "${input.x}", do: { task: t, input: "${item}" } }
            """, "l.yaml");

        var found = result.Diagnostics.Select(d => (d.Code, d.Path)).ToList();
        Assert.Contains(("BTN011", "spec.steps[0]"), found);
        Assert.Contains(("BTN025", "spec.steps[1].items"), found);
        Assert.Contains(("BTN030", "spec.steps[1].do.input"), found);
    }

    [Fact]
    public void Apply_RandomLoops_NeverExceedMaxIterations() =>
        Gen.Select(Gen.Int[1, 12], Gen.Int[0, int.MaxValue]).Sample(t =>
        {
            var (max, seed) = t;
            var rng = new Random(seed);
            var h = Poll("until: ${last.status == 'done'}", max);
            var result = h.Start();
            var runs = 0;
            while (Dispatches(result).FirstOrDefault(d => d.StepId.StartsWith("poll[", StringComparison.Ordinal)) is { } d)
            {
                runs++;
                result = h.Complete(d.StepId, output: Status(rng.NextDouble() < 0.2 ? "done" : "waiting"));
            }
            Assert.True(runs <= max, $"seed {seed}: {runs} iterations ran, max {max}");
            Assert.True(h.State!.Status is InstanceStatus.Running or InstanceStatus.Failed, $"seed {seed}: {h.State.Status}");
            Assert.Equal(runs, h.State.Steps.Keys.Count(k => k.StartsWith("poll[", StringComparison.Ordinal)));
        }, iter: 300);
}
