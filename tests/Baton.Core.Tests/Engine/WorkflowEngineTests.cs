using System.Text.Json;
using System.Text.Json.Nodes;
using Baton.Core.Engine;
using Baton.Core.Engine.Commands;
using Baton.Core.Engine.Events;
using static Baton.Core.Tests.Engine.EngineHarness;

namespace Baton.Core.Tests.Engine;

public class WorkflowEngineTests
{
    private const string Sequence = """
          steps:
            - { id: a, task: t, input: { v: "${input.v}" } }
            - { id: b, task: t, depends_on: [a], input: { prev: "${steps.a.output.from}", id: "${uuid()}" } }
          output:
            mapping: { last: "${steps.b.output}" }
        """;

    [Fact]
    public void Apply_Start_DispatchesOnlyRootsWithResolvedInput()
    {
        var h = For(Sequence);
        var r = h.Start(new JsonObject { ["v"] = 42 });
        var d = Assert.Single(Dispatches(r));
        Assert.Equal(("a", 1, "i-1/a/1"), (d.StepId, d.Attempt, d.IdempotencyKey));
        Assert.Equal("""{"v":42}""", d.Input!.ToJsonString());
        Assert.Equal(InstanceStatus.Running, r.State.Status);
        Assert.Equal(0, r.State.Sequence);
    }

    [Fact]
    public void Apply_Sequence_RunsInOrderAndMapsOutput()
    {
        var h = For(Sequence);
        h.Start(new JsonObject { ["v"] = 1 });
        var r = h.Complete("a");
        Assert.Equal(["b#1"], Dispatched(r));
        Assert.Equal("a", Dispatches(r).Single().Input!["prev"]!.GetValue<string>());
        r = h.Complete("b", output: new JsonObject { ["done"] = true });
        var finished = Assert.Single(r.Commands.OfType<InstanceFinished>());
        Assert.Equal(InstanceStatus.Completed, finished.Status);
        Assert.Equal("""{"last":{"done":true}}""", r.State.Output!.ToJsonString());
        Assert.Equal(2, r.State.Sequence);
    }

    [Fact]
    public void Apply_FanOut_DispatchesAllBranchesAndJoinsWhenAllFinish()
    {
        var h = For("""
              steps:
                - { id: root, task: t }
                - { id: x, task: t, depends_on: [root] }
                - { id: y, task: t, depends_on: [root] }
                - { id: z, task: t, depends_on: [root] }
                - { id: join, task: t, depends_on: [x, y, z] }
            """);
        h.Start();
        Assert.Equal(["x#1", "y#1", "z#1"], Dispatched(h.Complete("root")));
        Assert.Empty(Dispatched(h.Complete("y")));
        Assert.Empty(Dispatched(h.Complete("x")));
        Assert.Equal(["join#1"], Dispatched(h.Complete("z")));
    }

    [Fact]
    public void Apply_FalseCondition_SkipsStepAndDependentsStillRun()
    {
        var h = For("""
              steps:
                - { id: a, task: t }
                - { id: maybe, task: t, depends_on: [a], condition: "${steps.a.output.go}" }
                - { id: after, task: t, depends_on: [maybe], input: { seen: "${steps.maybe.output}", status: "${steps.maybe.status}" } }
            """);
        h.Start();
        var r = h.Complete("a", output: new JsonObject { ["go"] = false });
        Assert.Equal(StepStatus.Skipped, h.Step("maybe").Status);
        var d = Assert.Single(Dispatches(r));
        Assert.Equal("after", d.StepId);
        Assert.Equal("""{"seen":null,"status":"skipped"}""", d.Input!.ToJsonString());
    }

    [Fact]
    public void Apply_FailureWithRetryPolicy_SchedulesBackoffAndReusesInput()
    {
        var h = For("""
              steps:
                - id: a
                  task: t
                  input: { id: "${uuid()}", at: "${now()}" }
                  retry: { max_attempts: 3, backoff: exponential, initial_delay: 1s, max_delay: 10s }
            """);
        var first = Dispatches(h.Start()).Single().Input!.ToJsonString();
        h.Advance(TimeSpan.FromSeconds(5));
        var r = h.Fail("a");
        var timer = Assert.Single(r.Commands.OfType<ScheduleTimer>());
        Assert.Equal(("retry:a:2", h.Now + TimeSpan.FromSeconds(1)), (timer.TimerId.ToString(), timer.DueAt));
        Assert.Equal(StepStatus.WaitingRetry, h.Step("a").Status);
        h.Advance(TimeSpan.FromSeconds(1));
        var retry = Dispatches(h.Fire("retry:a:2")).Single();
        Assert.Equal((2, "i-1/a/2"), (retry.Attempt, retry.IdempotencyKey));
        Assert.Equal(first, retry.Input!.ToJsonString());
        r = h.Fail("a", 2);
        Assert.Equal(TimeSpan.FromSeconds(2), r.Commands.OfType<ScheduleTimer>().Single().DueAt - h.Now);
    }

    [Fact]
    public void Apply_RetriesExhausted_FailsWorkflowNamingStepAndAttempts()
    {
        var h = For("  steps:\n    - { id: a, task: t, retry: { max_attempts: 2, initial_delay: 1s } }\n");
        h.Start();
        h.Fail("a");
        h.Fire("retry:a:2");
        var r = h.Fail("a", 2, "disk full");
        Assert.Equal(InstanceStatus.Failed, r.State.Status);
        Assert.Equal("a", r.State.Error!.StepId);
        Assert.Equal("Step 'a' failed after 2 attempts: disk full", r.State.Error.Message);
    }

    [Fact]
    public void Apply_NonRetryableFailure_SkipsRetries()
    {
        var h = For("  steps:\n    - { id: a, task: t, retry: { max_attempts: 5 } }\n");
        h.Start();
        Assert.Equal(InstanceStatus.Failed, h.Fail("a", retryable: false).State.Status);
    }

    [Fact]
    public void Apply_DuplicateAndStaleEvents_ChangeNothing()
    {
        var h = For("  steps:\n    - { id: a, task: t, retry: { max_attempts: 3, initial_delay: 1s } }\n    - { id: b, task: t, depends_on: [a] }\n");
        h.Start();
        h.Fail("a");
        var before = JsonSerializer.Serialize(h.State, EngineJson.Options);
        Assert.False(h.Complete("a", 1).Accepted);
        Assert.False(h.Fire("retry:a:3").Accepted);
        Assert.False(h.Complete("nope").Accepted);
        Assert.Equal(before, JsonSerializer.Serialize(h.State, EngineJson.Options));
        h.Fire("retry:a:2");
        Assert.False(h.Fire("retry:a:2").Accepted);
        Assert.True(h.Complete("a", 2).Accepted);
        var dup = h.Complete("a", 2);
        Assert.False(dup.Accepted);
        Assert.Empty(dup.Commands);
    }

    [Fact]
    public void Apply_Timeout_CancelsAttemptAndRetries()
    {
        var h = For("  steps:\n    - { id: a, task: t, timeout: 30s, retry: { max_attempts: 2, initial_delay: 1s } }\n");
        var start = h.Start();
        Assert.Contains(start.Commands, c => c is ScheduleTimer t && t.TimerId.ToString() == "timeout:a:1" && t.DueAt == T0.AddSeconds(30));
        Assert.Equal(TimeSpan.FromSeconds(30), Dispatches(start).Single().Timeout);
        h.Advance(TimeSpan.FromSeconds(30));
        var r = h.Fire("timeout:a:1");
        Assert.Contains(r.Commands, c => c is CancelTask { StepId: "a", Attempt: 1 });
        Assert.Equal("TimedOut", h.Step("a").Error!.Code);
        Assert.False(h.Complete("a", 1).Accepted);
        h.Fire("retry:a:2");
        var done = h.Complete("a", 2);
        Assert.Contains(done.Commands, c => c is CancelTimer t && t.TimerId.ToString() == "timeout:a:2");
        Assert.Equal(InstanceStatus.Completed, done.State.Status);
    }

    [Fact]
    public void Apply_OnFailureContinue_LetsDependentsRunAndWorkflowComplete()
    {
        var h = For("""
              steps:
                - { id: a, task: t, on_failure: continue }
                - { id: b, task: t, depends_on: [a], input: { err: "${steps.a.error.message}" } }
            """);
        h.Start();
        var r = h.Fail("a", message: "nope");
        Assert.Equal("""{"err":"nope"}""", Dispatches(r).Single().Input!.ToJsonString());
        Assert.Equal(InstanceStatus.Completed, h.Complete("b").State.Status);
        Assert.Equal(StepStatus.Failed, h.Step("a").Status);
    }

    [Fact]
    public void Apply_OnFailureRetryWithoutPolicy_UsesDefaultPolicy()
    {
        var h = For("  steps:\n    - { id: a, task: t, on_failure: retry }\n");
        h.Start();
        var r = h.Fail("a");
        Assert.Equal(TimeSpan.FromSeconds(1), r.Commands.OfType<ScheduleTimer>().Single().DueAt - h.Now);
    }

    [Fact]
    public void Apply_Terminate_CancelsRunningWorkAndIgnoresLaterEvents()
    {
        var h = For("  steps:\n    - { id: a, task: t, timeout: 1m }\n    - { id: b, task: t }\n");
        h.Start();
        var r = h.Apply(new TerminateRequested(h.Now, "operator"));
        Assert.Equal(InstanceStatus.Terminated, r.State.Status);
        Assert.Contains(r.Commands, c => c is CancelTask { StepId: "a" });
        Assert.Contains(r.Commands, c => c is CancelTask { StepId: "b" });
        Assert.Contains(r.Commands, c => c is CancelTimer t && t.TimerId.ToString() == "timeout:a:1");
        Assert.All(r.State.Steps.Values, s => Assert.Equal(StepStatus.Cancelled, s.Status));
        Assert.False(h.Complete("a").Accepted);
        Assert.False(h.Apply(new TerminateRequested(h.Now, "again")).Accepted);
    }

    [Fact]
    public void Apply_WorkflowTimeout_FailsWorkflow()
    {
        var h = For("  config: { timeout: 1h }\n  steps:\n    - { id: a, task: t }\n");
        Assert.Contains(h.Start().Commands, c => c is ScheduleTimer t && t.TimerId.ToString() == "workflow-timeout" && t.DueAt == T0.AddHours(1));
        h.Advance(TimeSpan.FromHours(1));
        var r = h.Fire("workflow-timeout");
        Assert.Equal(("TimedOut", InstanceStatus.Failed), (r.State.Error!.Code, r.State.Status));
    }

    [Fact]
    public void Apply_WaitStep_WaitsOnDurableTimer()
    {
        var h = For("  steps:\n    - { id: w, type: wait, duration: 24h }\n    - { id: after, task: t, depends_on: [w] }\n");
        var r = h.Start();
        Assert.Equal(T0.AddHours(24), r.Commands.OfType<ScheduleTimer>().Single().DueAt);
        Assert.Equal(StepStatus.Waiting, h.Step("w").Status);
        h.Advance(TimeSpan.FromHours(24));
        Assert.Equal(["after#1"], Dispatched(h.Fire("wait:w")));
    }

    [Fact]
    public void Apply_SetFailAndSucceedSteps_BehaveAsDocumented()
    {
        var set = For("""
              steps:
                - { id: s, type: set, input: { region: "${input.r}" } }
                - { id: use, task: t, depends_on: [s], input: { r: "${variables.region}" } }
            """);
        Assert.Equal("""{"r":"eu"}""", Dispatches(set.Start(new JsonObject { ["r"] = "eu" })).Single().Input!.ToJsonString());

        var fail = For("  steps:\n    - { id: f, type: fail, message: 'bad input ${input.x}' }\n");
        var failed = fail.Start(new JsonObject { ["x"] = 7 });
        Assert.Equal(InstanceStatus.Failed, failed.State.Status);
        Assert.Contains("bad input 7", failed.State.Error!.Message, StringComparison.Ordinal);

        var succeed = For("  steps:\n    - { id: slow, task: t }\n    - { id: done, type: succeed }\n");
        var early = succeed.Start();
        Assert.Equal(InstanceStatus.Completed, early.State.Status);
        Assert.Contains(early.Commands, c => c is CancelTask { StepId: "slow" });
    }

    [Fact]
    public void Apply_InputExpressionError_FailsStepWithoutRetry()
    {
        var h = For("  steps:\n    - { id: a, task: t, input: { v: \"${input.x / 0}\" }, retry: { max_attempts: 3 } }\n");
        var r = h.Start(new JsonObject { ["x"] = 1 });
        Assert.Equal(InstanceStatus.Failed, r.State.Status);
        Assert.Equal("ExpressionError", r.State.Error!.Code);
        Assert.Contains("Division by zero", r.State.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Apply_OutputViolatesSchema_FailsWorkflow()
    {
        var h = For("  steps:\n    - { id: a, task: t }\n  output:\n    mapping: { n: \"${steps.a.output.n}\" }\n    schema: { type: object, properties: { n: { type: integer } } }\n");
        h.Start();
        var r = h.Complete("a", output: new JsonObject { ["n"] = "not a number" });
        Assert.Equal("OutputSchemaViolation", r.State.Error!.Code);
    }

    [Fact]
    public void Apply_NeverAltersTheStateItWasGiven()
    {
        var h = For(Sequence);
        h.Start(new JsonObject { ["v"] = 1 });
        var given = h.State!;
        var before = JsonSerializer.Serialize(given, EngineJson.Options);
        var r = WorkflowEngine.Apply(h.Plan, given, new TaskCompleted(h.Now, "a", 1, new JsonObject { ["from"] = "a" }));
        Assert.True(r.Accepted);
        Assert.Equal(before, JsonSerializer.Serialize(given, EngineJson.Options));
    }

    [Fact]
    public void Apply_SameEventsTwice_GiveIdenticalResults()
    {
        string Run()
        {
            var h = For(Sequence);
            var log = new List<string> { JsonSerializer.Serialize(h.Start(new JsonObject { ["v"] = 9 }).Commands, EngineJson.Options) };
            log.Add(JsonSerializer.Serialize(h.Complete("a").Commands, EngineJson.Options));
            log.Add(JsonSerializer.Serialize(h.State, EngineJson.Options));
            return string.Join("\n", log);
        }
        Assert.Equal(Run(), Run());
    }
}

public class WorkflowEngineLimitTests
{
    private static JsonNode Nested(int depth)
    {
        JsonNode node = new JsonArray();
        for (var i = 1; i < depth; i++)
        {
            node = new JsonArray(node);
        }
        return node;
    }

    [Fact]
    public void Apply_InputTemplateThatEvaluatesPastTheDepthLimit_FailsTheStepNamingTheLimit()
    {
        // The template nests 10 levels and places a 30-level output inside: each is allowed, together they are 40.
        var h = For("""
              steps:
                - { id: a, task: t }
                - id: b
                  task: t
                  depends_on: [a]
                  input: { l1: { l2: { l3: { l4: { l5: { l6: { l7: { l8: { l9: { l10: "${steps.a.output}" } } } } } } } } } }
            """);
        h.Start();
        var r = h.Complete("a", output: Nested(30));

        Assert.Empty(Dispatches(r));
        var b = h.Step("b");
        Assert.Equal(StepStatus.Failed, b.Status);
        Assert.Equal("ExpressionError", b.Error!.Code);
        Assert.Contains($"at most {ValueLimits.MaxDepth} are allowed", b.Error.Message, StringComparison.Ordinal);
        Assert.StartsWith("input: ", b.Error.Message, StringComparison.Ordinal);
    }
}
