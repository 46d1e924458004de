using System.Text.Json.Nodes;
using Baton.Core.Definitions;
using Baton.Core.Engine;
using Baton.Core.Engine.Events;
using static Baton.Core.Tests.Engine.EngineHarness;

namespace Baton.Core.Tests.Engine;

public sealed class WorkflowEngineForEachTests
{
    private static EngineHarness ForEach(string policy = "fail_fast", int concurrency = 2) => For($$"""
          steps:
            - id: each
              type: for_each
              items: ${input.words}
              max_concurrency: {{concurrency}}
              on_item_failure: {{policy}}
              do:
                task: shout
                input: { word: "${item}", at: "${index}" }
            - { id: after, task: t, depends_on: [each], input: { all: "${steps.each.output}" } }
        """);

    private static JsonObject Words(params string[] words) => new() { ["words"] = new JsonArray([.. words.Select(w => (JsonNode)w)]) };

    [Fact]
    public void Apply_ForEach_RunsAtMostMaxConcurrencyAndCollectsOutputsInInputOrder()
    {
        var h = ForEach();
        var started = h.Start(Words("a", "b", "c", "d"));

        Assert.Equal(["each[0]#1", "each[1]#1"], Dispatched(started));
        Assert.Equal("""{"word":"b","at":1}""", Dispatches(started).Last().Input!.ToJsonString());
        Assert.Equal(["each[2]#1"], Dispatched(h.Complete("each[1]", output: JsonValue.Create("B"))));
        Assert.Equal(["each[3]#1"], Dispatched(h.Complete("each[2]", output: JsonValue.Create("C"))));
        Assert.Empty(Dispatched(h.Complete("each[3]", output: JsonValue.Create("D"))));
        var done = h.Complete("each[0]", output: JsonValue.Create("A"));

        Assert.Equal(["after#1"], Dispatched(done));
        Assert.Equal("""["A","B","C","D"]""", h.Step("each").Output!.ToJsonString());
        Assert.Equal("""{"all":["A","B","C","D"]}""", Dispatches(done).Single().Input!.ToJsonString());
    }

    [Fact]
    public void Apply_ItemFailsWithFailFast_CancelsTheRunningItemsAndFailsTheStep()
    {
        var h = ForEach();
        h.Start(Words("a", "b", "c"));

        var failed = h.Fail("each[0]", retryable: false, message: "no shouting");

        Assert.Equal(InstanceStatus.Failed, h.State!.Status);
        Assert.Contains(failed.Commands, c => c is Core.Engine.Commands.CancelTask { StepId: "each[1]" });
        Assert.Equal(StepStatus.Cancelled, h.Step("each[2]").Status);
        Assert.Contains("Item 0 failed: no shouting", h.State.Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Apply_ItemsFailWithCollect_RunsEveryItemThenFailsListingThem()
    {
        var h = ForEach("collect");
        h.Start(Words("a", "b", "c"));
        h.Fail("each[0]", retryable: false, message: "bad a");
        h.Complete("each[1]");

        Assert.Equal(InstanceStatus.Running, h.State!.Status);
        h.Fail("each[2]", retryable: false, message: "bad c");

        Assert.Equal(InstanceStatus.Failed, h.State.Status);
        Assert.Contains("2 of 3 items failed (0: bad a; 2: bad c)", h.State.Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Apply_ItemsFailWithContinue_SucceedsWithNullForTheFailedItems()
    {
        var h = ForEach("continue");
        h.Start(Words("a", "b"));
        h.Fail("each[0]", retryable: false);
        h.Complete("each[1]", output: JsonValue.Create("B"));

        Assert.Equal("""[null,"B"]""", h.Step("each").Output!.ToJsonString());
        Assert.Equal(StepStatus.Running, h.Step("after").Status);
    }

    [Theory]
    [InlineData(4_000, "ForEachItemsKeptOutside")]
    [InlineData(1_000_000, "ForEachTooLarge")]
    public void Apply_ItemsKeptInTheDataStore_FailsSayingWhatHappened(int count, string code)
    {
        var h = ForEach();
        h.Start(new JsonObject { ["words"] = ValueReference.Create("instances/i/values/0.json", new string('0', 64), count * 12L, "list", count) });

        Assert.Equal((code, InstanceStatus.Failed), (h.State!.Error!.Code, h.State.Status));
        Assert.Contains($"{count}", h.State.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Apply_EmptyListOrNotAList_SucceedsEmptyOrFailsSaying()
    {
        var empty = ForEach();
        empty.Start(Words());
        Assert.Equal("[]", empty.Step("each").Output!.ToJsonString());

        var wrong = ForEach();
        wrong.Start(new JsonObject { ["words"] = "not a list" });
        Assert.Equal(("ForEachNotAList", InstanceStatus.Failed), (wrong.State!.Error!.Code, wrong.State.Status));
    }

    [Fact]
    public void Apply_SuspendedWhileItemsEnd_StartsNothingUntilResumed()
    {
        var h = ForEach(concurrency: 1);
        h.Start(Words("a", "b"));
        h.Apply(new SuspendRequested(h.Now, "pause"));

        Assert.Empty(Dispatched(h.Complete("each[0]")));
        Assert.Equal(["each[1]#1"], Dispatched(h.Apply(new ResumeRequested(h.Now, "go"))));
    }

    [Fact]
    public void Apply_ItemRetries_UseTheBodysPolicy()
    {
        var h = For("""
              steps:
                - id: each
                  type: for_each
                  items: ${input.n}
                  do: { task: t, retry: { max_attempts: 2, initial_delay: 1s } }
            """);
        h.Start(new JsonObject { ["n"] = new JsonArray(1) });
        h.Fail("each[0]");
        Assert.Equal(StepStatus.WaitingRetry, h.Step("each[0]").Status);
        h.Advance(TimeSpan.FromSeconds(2));

        Assert.Equal(["each[0]#2"], Dispatched(h.Fire(TimerId.Retry("each[0]", 2))));
        h.Complete("each[0]", attempt: 2, output: JsonValue.Create(1));
        Assert.Equal(InstanceStatus.Completed, h.State!.Status);
    }

    [Fact]
    public void Apply_RewindAfterAFailedForEach_RunsItsListAgain()
    {
        var h = ForEach();
        h.Start(Words("a", "b"));
        h.Fail("each[1]", retryable: false);

        var rewound = h.Apply(new RewindRequested(h.Now, "again"));

        Assert.Equal(["each[0]#1", "each[1]#1"], Dispatched(rewound));
        h.Complete("each[0]");
        h.Complete("each[1]");
        h.Complete("after");
        Assert.Equal(InstanceStatus.Completed, h.State!.Status);
    }

    [Fact]
    public void Load_ForEachMistakes_AreReportedWhereTheyAre()
    {
        var result = DefinitionLoader.Load("""
            apiVersion: baton.dev/v1
            kind: Workflow
            metadata: { name: f }
            spec:
              steps:
                - { id: no-list, type: for_each, do: { task: t } }
                - { id: bad, type: for_each, items: "${input.x}", max_concurrency: 0, on_item_failure: ignore, do: { task: t, input: "${itm}" } }
                - { id: plain, task: t, items: "${input.x}" }
            """, "f.yaml");

        var found = result.Diagnostics.Select(d => (d.Code, d.Path)).ToList();
        Assert.Contains(("BTN011", "spec.steps[0]"), found);
        Assert.Contains(("BTN013", "spec.steps[1].max_concurrency"), found);
        Assert.Contains(("BTN015", "spec.steps[1].on_item_failure"), found);
        Assert.Contains(("BTN030", "spec.steps[1].do.input"), found);
        Assert.Contains(("BTN025", "spec.steps[2].items"), found);
    }

    [Fact]
    public void Apply_StepWithPriority_ItsAttemptsAndItsItemsCarryIt()
    {
        var h = EngineHarness.For("""
              steps:
                - { id: one, task: t, priority: 7 }
                - { id: each, type: for_each, items: "${[1, 2]}", priority: -3, do: { task: t } }
            """);

        var started = h.Start();

        Assert.Equal([("each[0]", -3), ("each[1]", -3), ("one", 7)],
            Dispatches(started).Select(d => (d.StepId, d.Priority)).OrderBy(p => p.StepId, StringComparer.Ordinal));
    }

    [Fact]
    public void Load_PriorityOutOfRange_IsRefusedWithItsPosition()
    {
        var result = DefinitionLoader.Load("apiVersion: baton.dev/v1\nkind: Workflow\nmetadata: { name: p, version: '1' }\nspec:\n  steps:\n    - { id: a, task: t, priority: 5000 }\n", "p.yaml");

        var problem = Assert.Single(result.Diagnostics);
        Assert.Equal(("BTN013", 6), (problem.Code, problem.Location.Line));
    }
}
