using Baton.Core.Definitions;
using Baton.Core.Engine;
using static Baton.Core.Tests.Engine.EngineHarness;

namespace Baton.Core.Tests.Engine;

public sealed class WorkflowEngineGotoTests
{
    // A workflow of the given step lines (indented as list items under spec.steps).
    private static LoadResult Load(string steps) =>
        DefinitionLoader.Load("apiVersion: baton.dev/v1\nkind: Workflow\nmetadata: { name: g }\nspec:\n  steps:\n" + steps, "g.yaml");

    private const string Payment = """
          steps:
            - { id: charge-card, task: charge, on_failure: { goto: send-invoice }, retry: { max_attempts: 2, initial_delay: 1s } }
            - { id: send-receipt, task: receipt, depends_on: [charge-card] }
            - { id: file-receipt, task: archive, depends_on: [send-receipt] }
            - { id: send-invoice, task: invoice }
            - { id: done, task: notify, depends_on: [file-receipt, send-invoice] }
        """;

    [Fact]
    public void Apply_StepFailsForGood_GoesToItsHandlerAndSkipsItsOwnChain()
    {
        var h = For(Payment);
        Assert.Equal(["charge-card#1"], Dispatched(h.Start()));
        h.Fail("charge-card");
        h.Advance(TimeSpan.FromSeconds(2));
        h.Fire(TimerId.Retry("charge-card", 2));

        var failed = h.Fail("charge-card", attempt: 2, message: "card declined");

        Assert.Equal(["send-invoice#1"], Dispatched(failed));
        Assert.Equal(("PathNotTaken", StepStatus.Skipped), (h.Step("send-receipt").Error!.Code, h.Step("send-receipt").Status));
        Assert.Equal(StepStatus.Skipped, h.Step("file-receipt").Status);
        Assert.Equal(["done#1"], Dispatched(h.Complete("send-invoice")));
        h.Complete("done");
        Assert.Equal(InstanceStatus.Completed, h.State!.Status);
        Assert.Equal(StepStatus.Failed, h.Step("charge-card").Status);
    }

    [Fact]
    public void Apply_StepSucceeds_TheHandlerIsNotNeededAndTheJoinStillRuns()
    {
        var h = For(Payment);
        h.Start();

        var charged = h.Complete("charge-card");

        Assert.Equal(["send-receipt#1"], Dispatched(charged));
        Assert.Equal(("NotNeeded", StepStatus.Skipped), (h.Step("send-invoice").Error!.Code, h.Step("send-invoice").Status));
        h.Complete("send-receipt");
        Assert.Equal(["done#1"], Dispatched(h.Complete("file-receipt")));
    }

    [Fact]
    public void Load_GotoMistakes_AreReportedAtTheKey()
    {
        var result = Load("""
                - { id: a, task: t, on_failure: { goto: handlr } }
                - { id: handler, task: t }
                - { id: b, task: t, on_failure: goto }
                - { id: c, task: t, on_failure: { goto: c } }
            """);

        var found = result.Diagnostics.Select(d => (d.Code, d.Path)).ToList();
        Assert.Contains(("BTN023", "spec.steps[0].on_failure.goto"), found);
        Assert.Contains(("BTN015", "spec.steps[2].on_failure"), found);
        Assert.Contains(("BTN023", "spec.steps[3].on_failure.goto"), found);
        Assert.Contains("Did you mean 'handler'?", result.Diagnostics.First(d => d.Path == "spec.steps[0].on_failure.goto").Fix, StringComparison.Ordinal);
    }

    private const string Reminder = """
          steps:
            - { id: verified, type: event, event: email-verified, timeout: 24h, on_timeout: { goto: remind } }
            - { id: activate, task: activate, depends_on: [verified] }
            - { id: remind, task: send-reminder }
        """;

    [Fact]
    public void Apply_EventTimesOutWithGoto_TakesTheOtherPath()
    {
        var h = For(Reminder);
        h.Start();
        h.Advance(TimeSpan.FromHours(24));

        var timedOut = h.Fire(TimerId.EventTimeout("verified"));

        Assert.Equal(["remind#1"], Dispatched(timedOut));
        Assert.Equal(("PathNotTaken", StepStatus.Skipped), (h.Step("activate").Error!.Code, h.Step("activate").Status));
        h.Complete("remind");
        Assert.Equal(InstanceStatus.Completed, h.State!.Status);
    }

    [Fact]
    public void Apply_EventArrivesInTime_TheTimeoutPathIsNotNeeded()
    {
        var h = For(Reminder);
        h.Start();

        var arrived = h.Apply(new Core.Engine.Events.EventRaised(h.Now, "email-verified", null));

        Assert.Equal(["activate#1"], Dispatched(arrived));
        Assert.Equal("NotNeeded", h.Step("remind").Error!.Code);
    }

    [Fact]
    public void Load_TimeoutGotoToNowhere_IsReportedAtOnTimeout()
    {
        var result = Load("""
                - { id: e, type: event, event: x, timeout: 1h, on_timeout: { goto: nowhere } }
            """);

        Assert.Equal(("BTN023", "spec.steps[0].on_timeout.goto"), result.Diagnostics.Select(d => (d.Code, d.Path)).Single());
    }
}
