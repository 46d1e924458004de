using System.Text.Json.Nodes;
using Baton.Core.Engine;
using Baton.Core.Expressions;
using Baton.Runtime.Hub;
using Baton.Runtime.Runners;
using Baton.Runtime.Store;
using Baton.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Baton.Durable.Tests.Conformance;

/// <summary>The behaviours every backend shows alike: derive once per backend, as the store contract is derived once per store.</summary>
/// <remarks>Each scenario states the one expected outcome (output, status, each step's status and attempts), so two
/// backends that pass agree with each other.</remarks>
public abstract class BackendConformance : ConformanceSuite
{
    private async Task<Outcome> RunAsync(StoredDefinition workflow, string id, JsonNode? input = null, StoredDefinition? catalog = null) =>
        await Backend.WaitAsync(await Backend.StartAsync(new StartRequest(workflow, catalog, input, id)));

    private static void AssertSteps(Outcome outcome, params (string Step, string Status, int Attempt)[] expected) =>
        Assert.Equal(expected.OrderBy(e => e.Step, StringComparer.Ordinal),
            outcome.Steps.Select(s => (s.Key, s.Value.Status, s.Value.Attempt)).OrderBy(e => e.Key, StringComparer.Ordinal));

    private async Task UntilStatusAsync(string id, InstanceStatus status)
    {
        for (var i = 0; i < 600 && await Backend.StatusAsync(id) != status; i++)
        {
            await Task.Delay(50);
        }
        Assert.Equal(status, await Backend.StatusAsync(id));
    }

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
    public async Task Example_Retry_SucceedsOnTheThirdAttemptAfterBackoff()
    {
        var (workflow, catalog) = Backends.Example("retry");
        var outcome = await RunAsync(workflow, "retry", catalog: catalog);
        Assert.Equal("""{"succeeded_on_attempt":3,"key":"retry/call-flaky-service/3"}""", outcome.Output!.ToJsonString());
        AssertSteps(outcome, ("call-flaky-service", "succeeded", 3), ("report", "succeeded", 1));
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
    public async Task WorkflowStep_RunsTheRegisteredWorkflowAsAChildAndTakesItsOutput()
    {
        await Backend.RegisterAsync(Backends.Workflow("child", """
              steps:
                - { id: twice, type: set, input: { doubled: "${input.n * 2}" } }
              output:
                mapping: "${steps.twice.output}"
            """) with { Name = "child", Version = "1" });
        var parent = Backends.Workflow("parent", """
              steps:
                - { id: call, type: workflow, workflow: child, input: { n: "${input.n}" } }
                - { id: missing, type: workflow, workflow: nobody, on_failure: continue }
                - { id: failing, type: workflow, workflow: child, input: { n: "not a number" }, on_failure: continue }
              output:
                mapping: { doubled: "${steps.call.output.doubled}", missing: "${steps.missing.error.code}", failing: "${steps.failing.error.code}" }
            """);

        var outcome = await RunAsync(parent, "parent", new JsonObject { ["n"] = 21 });

        if (!Backend.RunsWorkflowSteps)
        {
            // Refused at once and clearly, never left waiting for a child that cannot start.
            Assert.Equal((InstanceStatus.Failed, "NoRunner"), (outcome.Status, outcome.ErrorCode));
            Assert.Equal(("failed", 1), outcome.Steps["call"]);
            return;
        }
        Assert.Equal(InstanceStatus.Completed, outcome.Status);
        Assert.Equal("""{"doubled":42,"missing":"UnknownWorkflow","failing":"ChildWorkflowFailed"}""", outcome.Output!.ToJsonString());
        Assert.Equal(InstanceStatus.Completed, await Backend.StatusAsync("parent.call.1"));
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
    public async Task Retry_WithBackoff_CountsEveryAttempt()
    {
        var outcome = await RunAsync(Backends.Workflow("backoff", """
              steps:
                - id: a
                  task: flaky
                  input: { succeed_on: 3 }
                  retry: { max_attempts: 4, backoff: exponential, initial_delay: 100ms, max_delay: 1s, jitter: 0.5 }
            """), "backoff");
        Assert.Equal(InstanceStatus.Completed, outcome.Status);
        AssertSteps(outcome, ("a", "succeeded", 3));
    }

    [Fact]
    public async Task Retry_Exhausted_FailsTheWorkflowWithTheStepsError()
    {
        var outcome = await RunAsync(Backends.Workflow("exhausted", """
              steps:
                - { id: a, task: flaky, input: { succeed_on: 9 }, retry: { max_attempts: 2, initial_delay: 50ms } }
                - { id: b, task: add, depends_on: [a], input: { n: 1 } }
            """), "exhausted");
        Assert.Equal((InstanceStatus.Failed, "TaskFailed"), (outcome.Status, outcome.ErrorCode));
        AssertSteps(outcome, ("a", "failed", 2), ("b", "cancelled", 0));
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
    public async Task EventStep_TakesTheRaisedEventsData()
    {
        var id = await Backend.StartAsync(new StartRequest(Backends.Workflow("approve", """
              steps:
                - { id: approval, type: event, event: approved, timeout: 1m }
                - { id: after, task: echo, depends_on: [approval], input: { by: "${steps.approval.output.by}" } }
              output:
                mapping: "${steps.after.output}"
            """), null, null, "approve"));
        await Backend.RaiseEventAsync(id, "approved", new JsonObject { ["by"] = "ada" });
        var outcome = await Backend.WaitAsync(id);
        Assert.Equal("""{"by":"ada"}""", outcome.Output!.ToJsonString());
    }

    [Fact]
    public async Task EventStep_EventRaisedBeforeTheStepWaits_IsKeptForIt()
    {
        var id = await Backend.StartAsync(new StartRequest(Backends.Workflow("early", """
              steps:
                - { id: first, type: wait, duration: 500ms }
                - { id: approval, type: event, event: approved, depends_on: [first], timeout: 1m }
              output:
                mapping: "${steps.approval.output}"
            """), null, null, "early"));
        await Backend.RaiseEventAsync(id, "approved", new JsonObject { ["early"] = true });
        var outcome = await Backend.WaitAsync(id);
        Assert.Equal("""{"early":true}""", outcome.Output!.ToJsonString());
    }

    [Fact]
    public async Task EventStep_NoEventWithinTimeout_FailsTimedOut()
    {
        var outcome = await RunAsync(Backends.Workflow("no-event", """
              steps:
                - { id: approval, type: event, event: approved, timeout: 300ms }
            """), "no-event");
        Assert.Equal((InstanceStatus.Failed, "TimedOut"), (outcome.Status, outcome.ErrorCode));
        AssertSteps(outcome, ("approval", "failed", 1));
    }

    [Fact]
    public async Task EventTask_ServiceReportsProgressThenFinishes_StepTakesItsOutputAndNotAForgedOne()
    {
        var triggered = new List<JsonObject>();
        await using var service = await LoopbackServer.StartAsync(app => app.MapPost("/events", async (HttpRequest r) =>
        {
            foreach (var e in JsonNode.Parse(await LoopbackServer.BodyAsync(r))!.AsArray().Cast<JsonObject>())
            {
                lock (triggered)
                {
                    triggered.Add(e);
                }
            }
            return Results.Ok();
        }));
        var catalog = Backends.Catalog($$"""
              check: { runner: event, endpoint: "{{service.Url("events")}}", key_setting: TOPIC_KEY, allow_private_network: true }
            """);
        var id = await Backend.StartAsync(new StartRequest(Backends.Workflow("handed", """
              steps:
                - { id: check, task: check, input: { phone: "${input.phone}" }, timeout: 1m }
              output:
                mapping: { valid: "${steps.check.output.valid}" }
            """), catalog, new JsonObject { ["phone"] = "+4712345678" }, "handed"));
        JsonObject? e = null;
        for (var i = 0; i < 600 && e is null; i++)
        {
            lock (triggered)
            {
                e = triggered.FirstOrDefault();
            }
            await Task.Delay(50);
        }
        Assert.NotNull(e);
        Assert.Equal(("check.triggered", "handed/check/1", "+4712345678"), (e["type"]!.GetValue<string>(), e["id"]!.GetValue<string>(), e["data"]!["phone"]!.GetValue<string>()));
        // A report raised by name, as anyone allowed to raise events could, carries no proof that it passed the token check: ignored.
        await Backend.RaiseEventAsync(id, DurableNames.TaskReport("check", 1), System.Text.Json.JsonSerializer.SerializeToNode(
            new TaskReportMessage("finished", null, new TaskOutcome("ok", new JsonObject { ["valid"] = "forged" }))));
        await Backend.ReportAsync(id, TaskReport.Progress("check", 1, "started", new JsonObject { ["worker"] = "w1" }));
        Assert.True(await Backend.ReportAsync(id, TaskReport.Finished("check", 1, TaskResult.Ok(new JsonObject { ["valid"] = true }))));
        Assert.False(await Backend.ReportAsync(id, TaskReport.Finished("check", 1, TaskResult.Ok(new JsonObject { ["valid"] = false }))));
        var outcome = await Backend.WaitAsync(id);
        Assert.Equal("""{"valid":true}""", outcome.Output!.ToJsonString());
        AssertSteps(outcome, ("check", "succeeded", 1));
        Assert.Single(triggered);
    }

    [Fact]
    public async Task Start_SixteenAtOnceWithOneId_ExactlyOneWinsAndRunsItsInput()
    {
        var workflow = Backends.Workflow("once", "  steps:\n    - { id: a, task: echo, input: \"${input}\" }\n  output:\n    mapping: \"${steps.a.output}\"\n");
        var starts = Enumerable.Range(0, 16).Select(i => Task.Run(async () =>
        {
            try
            {
                await Backend.StartAsync(new StartRequest(workflow, null, new JsonObject { ["n"] = i }, "once"));
                return i;
            }
            catch (InstanceExistsException)
            {
                return -1;
            }
        })).ToList();

        var winner = Assert.Single(await Task.WhenAll(starts), i => i >= 0);
        var outcome = await Backend.WaitAsync("once");
        Assert.Equal(winner, outcome.Output!["n"]!.GetValue<int>());
    }

    [Fact]
    public async Task Start_InputHoldingADataReference_IsRefusedAndStoresNothing()
    {
        var input = new JsonObject { ["photo"] = Core.ValueReference.Create("instances/someone-else/values/0.json", new string('0', 64), 50_000, "string") };
        var refused = await Assert.ThrowsAsync<InvalidInputException>(() =>
            Backend.StartAsync(new StartRequest(Backends.Workflow("refs", "  steps:\n    - { id: a, task: echo }\n"), null, input, "refs")));
        Assert.Contains("$baton.ref", refused.Message, StringComparison.Ordinal);
        Assert.Null(await Backend.StatusAsync("refs"));
    }

    [Theory]
    [InlineData("a/b")]
    [InlineData("../x")]
    [InlineData("with space")]
    [InlineData("")]
    public async Task Start_InvalidInstanceId_IsRefused(string id) =>
        await Assert.ThrowsAsync<InvalidInstanceIdException>(() =>
            Backend.StartAsync(new StartRequest(Backends.Workflow("ids", "  steps:\n    - { id: a, task: noop }\n"), null, null, id)));

    [Fact]
    public async Task Terminate_RunningInstance_EndsTerminated()
    {
        var id = await Backend.StartAsync(new StartRequest(Backends.Workflow("long", """
              steps:
                - { id: pause, type: wait, duration: 1h }
            """), null, null, "long"));
        await UntilStatusAsync(id, InstanceStatus.Running);
        await Backend.TerminateAsync(id);
        Assert.Equal(InstanceStatus.Terminated, (await Backend.WaitAsync(id)).Status);
    }

    [Fact]
    public async Task SuspendResume_EventRaisedWhileSuspended_IsHeldUntilResume()
    {
        // The instance waits on an event with no timer due, so the suspension lands before anything can move it on,
        // however slow the machine: the order is fixed by the test, not by a clock.
        var id = await Backend.StartAsync(new StartRequest(Backends.Workflow("pausable", """
              steps:
                - { id: approval, type: event, event: go, timeout: 1h }
                - { id: after, task: add, depends_on: [approval], input: { n: "${steps.approval.output.n}" } }
              output:
                mapping: "${steps.after.output}"
            """), null, null, "pausable"));
        await UntilStatusAsync(id, InstanceStatus.Running);
        await Backend.SuspendAsync(id);
        await UntilStatusAsync(id, InstanceStatus.Suspended);
        await Backend.RaiseEventAsync(id, "go", new JsonObject { ["n"] = 1 });
        await Task.Delay(1500); // time enough for the event to be taken; it must not move the instance on
        Assert.Equal(InstanceStatus.Suspended, await Backend.StatusAsync(id));
        await Backend.ResumeAsync(id);
        var outcome = await Backend.WaitAsync(id);
        Assert.Equal("""{"n":2}""", outcome.Output!.ToJsonString());
        AssertSteps(outcome, ("after", "succeeded", 1), ("approval", "succeeded", 1));
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
