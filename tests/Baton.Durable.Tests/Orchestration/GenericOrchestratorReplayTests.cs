using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Nodes;
using Baton.Core.Engine;
using Baton.Testing;

namespace Baton.Durable.Tests.Orchestration;

public sealed class GenericOrchestratorReplayTests
{
    private static readonly DateTime Start = new(2026, 11, 30, 9, 0, 0, DateTimeKind.Utc);

    private static WorkflowInput Input(string spec, JsonNode? input = null)
    {
        var definition = TestDefinitions.Workflow("replay", spec);
        return new WorkflowInput(definition.Hash, definition.FileName, definition.Content, null, input, "0123456789abcdef0123456789abcdef",
            ImmutableSortedDictionary<string, string>.Empty, null);
    }

    /// <summary>The world: "flaky" fails its first attempt, everything else echoes its input.</summary>
    private static TaskOutcome Respond(TaskActivityInput a) =>
        a.Task == "flaky" && a.Attempt == 1
            ? new TaskOutcome(TaskOutcomeKind.Failed, Error: new ErrorInfo("TaskFailed", "first attempt fails"))
            : new TaskOutcome(TaskOutcomeKind.Ok, a.Input?.DeepClone());

    private const string UuidNowJitterRetry = """
          steps:
            - id: a
              task: flaky
              input: { id: "${uuid()}", at: "${now()}" }
              retry: { max_attempts: 3, backoff: exponential, initial_delay: 1s, max_delay: 10s, jitter: 0.5 }
            - { id: pause, type: wait, duration: 2s }
            - { id: approval, type: event, event: approved, depends_on: [pause], timeout: 1h }
            - id: c
              task: echo
              depends_on: [a, approval]
              input: { a: "${steps.a.output}", again: "${uuid()}", by: "${steps.approval.output.by}", at: "${now()}" }
          output:
            mapping: "${steps.c.output}"
        """;

    [Fact]
    public void RunAsync_ReplayedFromItsHistory_IssuesTheSameActionsAndOutput()
    {
        var live = new ScriptedContext("replay-1", Start);
        var events = new Queue<(string, object?)>([("approved", new JsonObject { ["by"] = "ada" })]);
        var output = live.RunLive(() => GenericOrchestrator.RunAsync(live, Input(UuidNowJitterRetry)), Respond, events);

        var replay = new ScriptedContext("replay-1", Start);
        var replayed = replay.Replay(() => GenericOrchestrator.RunAsync(replay, Input(UuidNowJitterRetry)), live.History);

        Assert.Equal(live.Actions, replay.Actions);
        Assert.Equal(output!.ToJsonString(), replayed!.ToJsonString());
        // The run really took a retry after a jittered backoff, and minted ids and times from the recorded seed and clock.
        Assert.Equal(2, live.Actions.Count(a => a.StartsWith("activity BatonTask a:", StringComparison.Ordinal)));
        Assert.Equal("ada", output["by"]!.GetValue<string>());
        Assert.NotEqual(output["again"]!.GetValue<string>(), output["a"]!["id"]!.GetValue<string>());
        var delays = live.Actions.Where(a => a.StartsWith("timer ", StringComparison.Ordinal))
            .Select(a => (DateTime.Parse(a[6..], null, System.Globalization.DateTimeStyles.RoundtripKind) - Start).TotalMilliseconds).ToList();
        Assert.Contains(2000, delays); // the wait step
        Assert.Contains(delays, d => d is >= 500 and <= 1500 && d != 1000); // the retry: 1s with up to 50% jitter
    }

    [Fact]
    public void RunAsync_SameInputOtherSeed_MintsOtherIds()
    {
        var first = new ScriptedContext("replay-2", Start);
        var a = first.RunLive(() => GenericOrchestrator.RunAsync(first, Input(UuidNowJitterRetry)), Respond,
            new Queue<(string, object?)>([("approved", null)]));
        var second = new ScriptedContext("replay-2", Start);
        var b = second.RunLive(() => GenericOrchestrator.RunAsync(second, Input(UuidNowJitterRetry) with { Seed = "fedcba9876543210fedcba9876543210" }), Respond,
            new Queue<(string, object?)>([("approved", null)]));
        Assert.NotEqual(a!["again"]!.GetValue<string>(), b!["again"]!.GetValue<string>());
    }

    [Fact]
    public void RunAsync_HistoryPastTheBound_ContinuesAsNewCarryingStateAndTimers()
    {
        var spec = """
              steps:
                - { id: s1, task: echo, input: { n: 1 } }
                - { id: s2, task: echo, depends_on: [s1], input: { n: 2 } }
                - { id: s3, task: echo, depends_on: [s2], input: { n: 3 } }
                - { id: s4, task: echo, depends_on: [s3], input: { n: 4 } }
                - { id: nap, type: wait, duration: 5s }
                - { id: s5, task: echo, depends_on: [s4, nap], input: { sum: "${steps.s1.output.n + steps.s4.output.n}" } }
              output:
                mapping: "${steps.s5.output}"
            """;
        var options = new OrchestratorOptions(MaxEventsPerGeneration: 3);
        var generations = 0;
        var input = Input(spec);
        JsonNode? output = null;
        var clock = Start;
        var kept = new List<long>();
        while (true)
        {
            var ctx = new ScriptedContext("can-1", clock);
            output = ctx.RunLive(() => GenericOrchestrator.RunAsync(ctx, input, options), Respond, new Queue<(string, object?)>());
            kept.AddRange(ctx.Kept.Select(e => e.Sequence));
            generations++;
            if (ctx.ContinuedWith is not WorkflowInput next)
            {
                break;
            }
            // The next generation gets exactly what this one handed over, through the data converter as Durable would.
            input = JsonSerializer.Deserialize<WorkflowInput>(JsonSerializer.Serialize(next))!;
            Assert.Equal(generations, input.Carried!.Generation);
            clock = ctx.CurrentUtcDateTime;
        }
        Assert.True(generations >= 2, $"only {generations} generation(s)");
        Assert.Equal("""{"sum":5}""", output!.ToJsonString());
        // Each generation kept the events of the one before, so the history has no gap from the start.
        Assert.Equal(Enumerable.Range(0, kept.Count).Select(i => (long)i), kept);
    }

    [Fact]
    public void RunAsync_TwoEventsInOneEpisodeAtTheHistoryBound_TakesBothBeforeContinuingAsNew()
    {
        var spec = """
              steps:
                - { id: a, type: event, event: a }
                - { id: b, type: event, event: b }
              output:
                mapping: { a: "${steps.a.output}", b: "${steps.b.output}" }
            """;
        // The bound is reached by the first event: the second, taken in the same episode, must be applied, not dropped.
        var ctx = new ScriptedContext("both-1", Start);

        var output = ctx.RunLive(() => GenericOrchestrator.RunAsync(ctx, Input(spec), new OrchestratorOptions(MaxEventsPerGeneration: 2)), Respond,
            new Queue<(string, object?)>([("a", JsonValue.Create(1)), ("b", JsonValue.Create(2))]), eventsTogether: true);

        Assert.True(ctx.ContinuedWith is null, string.Join(" | ", ctx.Actions));
        Assert.Equal("""{"a":1,"b":2}""", output!.ToJsonString());
    }

    [Fact]
    public void RunAsync_ReportRaisedWithoutItsProof_IsIgnoredAndTheProvenOneEndsTheAttempt()
    {
        var tokens = new Baton.Abstractions.ReplyTokens(new byte[32]);
        var proof = tokens.ReportProof("forge-1", "check", 1);
        TaskOutcome Hand(TaskActivityInput a) => new(TaskOutcomeKind.Handed) { Seal = Baton.Abstractions.ReplyTokens.Seal(tokens.ReportProof(a.InstanceId, a.StepId, a.Attempt)) };
        var report = DurableNames.TaskReport("check", 1);
        var forged = new TaskReportMessage("finished", null, new TaskOutcome(TaskOutcomeKind.Ok, new JsonObject { ["valid"] = "forged" }));
        var wrong = forged with { Proof = tokens.ReportProof("forge-1", "check", 2) };
        var proven = new TaskReportMessage("finished", null, new TaskOutcome(TaskOutcomeKind.Ok, new JsonObject { ["valid"] = true }), proof);
        var ctx = new ScriptedContext("forge-1", Start);

        var output = ctx.RunLive(() => GenericOrchestrator.RunAsync(ctx, Input("  steps:\n    - { id: check, task: check }\n  output:\n    mapping: \"${steps.check.output}\"\n")), Hand, new Queue<(string, object?)>([(report, forged), (report, wrong), (report, proven)]));

        Assert.Equal("""{"valid":true}""", output!.ToJsonString());
        Assert.Equal(3, ctx.Actions.Count(a => a == $"wait {report}"));
    }
}
