using System.Text.Json.Nodes;
using Baton.Core.Engine;
using Baton.Core.Expressions;

namespace Baton.Durable.Tests.Conformance;

/// <summary>The behaviours every backend shows alike: derive once per backend, as the store contract is derived once per store.</summary>
/// <remarks>Each scenario states the one expected outcome (output, status, each step's status and attempts), so two
/// backends that pass agree with each other.</remarks>
public abstract class BackendConformance : ConformanceSuite
{
    [Fact]
    public async Task Example_HelloSequence_RunsFiveStepsInOrder()
    {
        var (workflow, catalog) = Backends.Example("hello-sequence");
        var outcome = await RunAsync(workflow, "hello", new JsonObject { ["name"] = "Ada" }, catalog);
        Assert.Equal(InstanceStatus.Completed, outcome.Status);
        Assert.Equal("""{"message":"HELLO, ADA! (10 characters, instance hello)","steps_run":5}""", outcome.Output!.ToJsonString());
        AssertSteps(outcome, ("count", "succeeded", 1), ("greet", "succeeded", 1), ("pause", "succeeded", 1), ("shout", "succeeded", 1), ("sign", "succeeded", 1));
    }

    [Fact]
    public async Task Example_FanOutFanIn_MergesParallelResults()
    {
        var (workflow, catalog) = Backends.Example("fan-out-fan-in");
        var outcome = await RunAsync(workflow, "fan", new JsonObject { ["words"] = new JsonArray("durable", "workflows", "never", "forget") }, catalog);
        Assert.Equal("""{"total_letters":27,"longest_word_length":9,"started_by":"anonymous"}""", outcome.Output!.ToJsonString());
        Assert.Equal(6, outcome.Steps.Count(s => s.Value == ("succeeded", 1)));
    }

    [Fact]
    public async Task Example_QualityGate_ComparesEachBuildWithTheRecordedPassingOnes()
    {
        var (workflow, catalog) = Backends.Example("quality-gate");
        var results = new List<(string, double)>();
        foreach (var (id, latency) in new[] { ("gate-1", 300), ("gate-2", 310), ("gate-3", 345) })
        {
            var outcome = await RunAsync(workflow, id, new JsonObject { ["service"] = "checkout", ["stage"] = "dev", ["base_latency_ms"] = latency }, catalog);
            Assert.Equal(InstanceStatus.Completed, outcome.Status);
            results.Add((outcome.Output!["result"]!.GetValue<string>(), Values.AsNumber(outcome.Output["compared_with"])!.Value));
        }
        Assert.Equal([("pass", 0.0), ("pass", 405.0), ("warning", 411.75)], results);
    }

    [Fact]
    public async Task LargeOutput_OverTheQueueAndTableLimits_FlowsToTheNextStep()
    {
        // 1 MB is far past an Azure queue message (64 KB) and a table property (64 KB): the backend must carry it,
        // whole to the next task and into the output, with its small fields still open to expressions.
        var workflow = Backends.Workflow("large", """
              steps:
                - { id: make, task: big, input: { chars: 1000000 } }
                - { id: measure, task: measure, depends_on: [make], condition: "${steps.make.output.chars > 0}", input: { text: "${steps.make.output.text}" } }
              output:
                mapping: { length: "${steps.measure.output.length}", text: "${steps.make.output.text}" }
            """);
        var outcome = await RunAsync(workflow, "large");
        Assert.Equal(InstanceStatus.Completed, outcome.Status);
        Assert.Equal(1000000, outcome.Output!["length"]!.GetValue<int>());
        Assert.Equal(new string('x', 1000000), outcome.Output["text"]!.GetValue<string>());
    }

    [Fact]
    public async Task Condition_False_SkipsTheStepAndItsDependentStillRuns()
    {
        var outcome = await RunAsync(Backends.Workflow("skip", """
              steps:
                - { id: a, task: add, input: { n: 1 } }
                - { id: b, task: add, depends_on: [a], condition: "${steps.a.output.n > 5}", input: { n: 100 } }
                - { id: c, task: add, depends_on: [b], input: { n: "${steps.a.output.n}" } }
              output:
                mapping: { c: "${steps.c.output.n}", b: "${steps.b.status}" }
            """), "skip");
        Assert.Equal("""{"c":3,"b":"skipped"}""", outcome.Output!.ToJsonString());
        AssertSteps(outcome, ("a", "succeeded", 1), ("b", "skipped", 0), ("c", "succeeded", 1));
    }

    [Fact]
    public async Task OutputMapping_StepKeepsWhatItsMappingMakesOfTheResult()
    {
        var outcome = await RunAsync(Backends.Workflow("mapped", """
              steps:
                - { id: a, task: add, input: { n: 1 }, output: { total: "${output.n}", label: "n=${output.n}" } }
                - { id: b, task: echo, depends_on: [a], input: { got: "${steps.a.output.total}" }, output: "${output.got * 10}" }
              output:
                mapping: { a: "${steps.a.output}", b: "${steps.b.output}" }
            """), "mapped");
        Assert.Equal("""{"a":{"total":2,"label":"n=2"},"b":20}""", outcome.Output!.ToJsonString());
    }

    [Fact]
    public async Task OnFailureContinue_DependentsRunAndSeeTheError()
    {
        var outcome = await RunAsync(Backends.Workflow("continue", """
              steps:
                - { id: a, task: flaky, input: { succeed_on: 9 }, on_failure: continue }
                - { id: b, task: echo, depends_on: [a], input: { status: "${steps.a.status}", code: "${steps.a.error.code}" } }
              output:
                mapping: "${steps.b.output}"
            """), "continue");
        Assert.Equal("""{"status":"failed","code":"TaskFailed"}""", outcome.Output!.ToJsonString());
        AssertSteps(outcome, ("a", "failed", 1), ("b", "succeeded", 1));
    }

    [Fact]
    public async Task StepTimeout_EndsTheAttemptAsTimedOut()
    {
        var outcome = await RunAsync(Backends.Workflow("step-timeout", """
              steps:
                - { id: nap, task: sleep, input: { ms: 20000 }, timeout: 300ms }
            """), "step-timeout");
        Assert.Equal((InstanceStatus.Failed, "TimedOut"), (outcome.Status, outcome.ErrorCode));
        AssertSteps(outcome, ("nap", "failed", 1));
    }

    [Fact]
    public async Task WorkflowTimeout_FailsTheWorkflow()
    {
        var outcome = await RunAsync(Backends.Workflow("wf-timeout", """
              config: { timeout: 400ms }
              steps:
                - { id: nap, task: sleep, input: { ms: 20000 } }
            """), "wf-timeout");
        Assert.Equal((InstanceStatus.Failed, "TimedOut"), (outcome.Status, outcome.ErrorCode));
    }

    [Fact]
    public async Task FailStep_FailsWithItsMessage()
    {
        var outcome = await RunAsync(Backends.Workflow("fail", """
              steps:
                - { id: stop, type: fail, message: "no ${input.what}" }
            """), "fail", new JsonObject { ["what"] = "luck" });
        Assert.Equal((InstanceStatus.Failed, "Fail"), (outcome.Status, outcome.ErrorCode));
        AssertSteps(outcome, ("stop", "failed", 1));
    }

    [Fact]
    public async Task WaitStep_WaitsOnADurableTimerThenGoesOn()
    {
        var outcome = await RunAsync(Backends.Workflow("wait", """
              steps:
                - { id: pause, type: wait, duration: 300ms }
                - { id: after, task: add, depends_on: [pause], input: { n: 41 } }
              output:
                mapping: "${steps.after.output}"
            """), "wait");
        Assert.Equal("""{"n":42}""", outcome.Output!.ToJsonString());
        AssertSteps(outcome, ("after", "succeeded", 1), ("pause", "succeeded", 1));
    }

    [Fact]
    public async Task Rewind_FailedInstance_RerunsWhatFailedAndKeepsWhatSucceeded()
    {
        var gate = Guid.NewGuid().ToString("N");
        var failed = await RunAsync(Backends.Workflow("rewound", """
              steps:
                - { id: first, task: add, input: { n: 1 } }
                - { id: gated, task: gated, depends_on: [first], input: { gate: "${input.gate}" } }
                - { id: last, task: add, depends_on: [gated], input: { n: "${steps.first.output.n}" } }
              output:
                mapping: { last: "${steps.last.output.n}", passed: "${steps.gated.output.passed}" }
            """), "rewound", new JsonObject { ["gate"] = gate });
        Assert.Equal(InstanceStatus.Failed, failed.Status);
        Assert.Equal(("succeeded", 1), failed.Steps["first"]);
        Assert.Equal("failed", failed.Steps["gated"].Status);

        Backends.OpenGates[gate] = true;
        Assert.True(await Backend.RewindAsync("rewound"));
        await UntilStatusAsync("rewound", InstanceStatus.Completed);
        var outcome = await Backend.WaitAsync("rewound");

        Assert.Equal("""{"last":3,"passed":true}""", outcome.Output!.ToJsonString());
        Assert.Equal(("succeeded", 1), outcome.Steps["first"]);
        Assert.Equal("succeeded", outcome.Steps["gated"].Status);
        Assert.Equal(("succeeded", 1), outcome.Steps["last"]);
        Assert.False(await Backend.RewindAsync("rewound"));
    }

    [Fact]
    public async Task DynamicSteps_ResultAddsStepsThatRunAndFeedTheOutput()
    {
        var outcome = await RunAsync(Backends.Workflow("grow", "  steps:\n    - { id: plan, task: planner }\n"), "grow");

        Assert.Equal(InstanceStatus.Completed, outcome.Status);
        Assert.Equal("""{"grow-b":{"n":3}}""", outcome.Output!.ToJsonString());
        AssertSteps(outcome, ("grow-a", "succeeded", 1), ("grow-b", "succeeded", 1), ("plan", "succeeded", 1));
    }

    [Fact]
    public async Task ContinueAsNew_StartsOverWithNewInputUntilTheConditionFails()
    {
        var outcome = await RunAsync(Backends.Workflow("counter", """
              steps:
                - { id: bump, task: add, input: { n: "${input.n}" } }
                - id: again
                  type: continue_as_new
                  depends_on: [bump]
                  condition: ${steps.bump.output.n < 4}
                  input: { n: "${steps.bump.output.n}" }
              output:
                mapping: { n: "${steps.bump.output.n}", started_with: "${input.n}" }
            """), "counter", new JsonObject { ["n"] = 0 });

        Assert.Equal(InstanceStatus.Completed, outcome.Status);
        Assert.Equal("""{"n":4,"started_with":3}""", outcome.Output!.ToJsonString());
        // Attempt numbers go on across runs, so each run's attempt has its own idempotency key.
        AssertSteps(outcome, ("again", "skipped", 0), ("bump", "succeeded", 4));
    }

    [Fact]
    public async Task ForEach_ItemsRunAndOutputsComeBackInOrder()
    {
        var outcome = await RunAsync(Backends.Workflow("each", """
              steps:
                - id: each
                  type: for_each
                  items: ${input.numbers}
                  max_concurrency: 2
                  do: { task: add, input: { n: "${item}" } }
              output:
                mapping: { results: "${steps.each.output}" }
            """), "each", new JsonObject { ["numbers"] = new JsonArray(1, 5, 9, 2) });

        Assert.Equal(InstanceStatus.Completed, outcome.Status);
        Assert.Equal("""{"results":[{"n":2},{"n":6},{"n":10},{"n":3}]}""", outcome.Output!.ToJsonString());
        Assert.Equal(("succeeded", 1), outcome.Steps["each"]);
    }

    [Fact]
    public async Task SwitchAndLoop_TakeOneBranchAndStopWhenTheConditionHolds()
    {
        var outcome = await RunAsync(Backends.Workflow("switch-loop", """
              steps:
                - id: route
                  type: switch
                  cases: [ { when: "${input.mode == 'count'}", steps: [count] } ]
                  default: [skip-me]
                - id: count
                  type: loop
                  max_iterations: 10
                  until: ${last.n >= 3}
                  do: { task: add, input: { n: "${iteration}" } }
                - { id: skip-me, task: add, input: { n: 100 } }
              output:
                mapping: { runs: "${len(steps.count.output)}", case: "${steps.route.output.case}" }
            """), "switch-loop", new JsonObject { ["mode"] = "count" });

        Assert.Equal("""{"runs":3,"case":0}""", outcome.Output!.ToJsonString());
        Assert.Equal("skipped", outcome.Steps["skip-me"].Status);
    }

    [Fact]
    public async Task Compensation_UndoesCompletedStepsThenFails()
    {
        var gate = Guid.NewGuid().ToString("N");
        var outcome = await RunAsync(Backends.Workflow("saga", """
              steps:
                - { id: book, task: add, input: { n: 1 } }
                - { id: pay, task: gated, depends_on: [book], input: { gate: "${input.gate}" }, on_failure: compensate }
              compensation:
                - { id: cancel-booking, task: add, undoes: book, input: { n: "${steps.book.output.n}" } }
            """), "saga", new JsonObject { ["gate"] = gate });

        Assert.Equal(InstanceStatus.Failed, outcome.Status);
        Assert.Equal(("succeeded", 1), outcome.Steps["cancel-booking"]);
        Assert.Equal("failed", outcome.Steps["pay"].Status);
    }
}
