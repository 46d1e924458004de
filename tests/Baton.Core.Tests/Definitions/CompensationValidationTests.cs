using Baton.Core.Definitions;

namespace Baton.Core.Tests.Definitions;

public sealed class CompensationValidationTests
{
    private static IReadOnlyList<Diagnostic> Problems(string spec) =>
        DefinitionLoader.Load("apiVersion: baton.dev/v1\nkind: Workflow\nmetadata: { name: v }\nspec:\n" + spec, "v.yaml").Diagnostics;

    [Fact]
    public void Load_CompensateWithoutCompensation_SaysWhatToAdd()
    {
        var d = Assert.Single(Problems("  steps:\n    - { id: a, task: t, on_failure: compensate }\n"));
        Assert.Equal(("BTN028", "spec.steps[0].on_failure"), (d.Code, d.Path));
    }

    [Fact]
    public void Load_CompensationUndoingAnUnknownStep_SuggestsTheClosest()
    {
        var d = Assert.Single(Problems("  steps:\n    - { id: charge, task: t, on_failure: compensate }\n  compensation:\n    - { id: refund, task: t, undoes: charg }\n"));
        Assert.Equal(("BTN023", 8, "spec.compensation[0].undoes"), (d.Code, d.Location.Line, d.Path));
        Assert.Contains("Did you mean 'charge'?", d.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_CompensationIdClashesWithAStep_IsADuplicate()
    {
        var d = Assert.Single(Problems("  steps:\n    - { id: a, task: t, on_failure: compensate }\n  compensation:\n    - { id: a, task: t }\n"));
        Assert.Equal("BTN020", d.Code);
    }

    [Fact]
    public void Load_CompensationStepWithDependsOn_IsRefused()
    {
        var d = Assert.Single(Problems("  steps:\n    - { id: a, task: t, on_failure: compensate }\n  compensation:\n    - { id: u, task: t, depends_on: [a] }\n"));
        Assert.Equal(("BTN010", "spec.compensation[0].depends_on"), (d.Code, d.Path));
    }

    [Fact]
    public void Load_FilterOrOnTimeoutOnATaskStep_BelongsToEventSteps()
    {
        var found = Problems("  steps:\n    - { id: a, task: t, filter: \"event.x == 1\", on_timeout: continue }\n").Select(d => (d.Code, d.Path)).ToList();
        Assert.Contains(("BTN025", "spec.steps[0].filter"), found);
        Assert.Contains(("BTN025", "spec.steps[0].on_timeout"), found);
    }

    [Fact]
    public void Load_OnTimeoutWithoutTimeout_AsksForTheTimeout()
    {
        var d = Assert.Single(Problems("  steps:\n    - { id: e, type: event, event: ping, on_timeout: continue }\n"));
        Assert.Equal(("BTN011", "spec.steps[0]"), (d.Code, d.Path));
        Assert.Contains("timeout", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_FilterReadingAnUnknownName_IsAnExpressionError()
    {
        var d = Assert.Single(Problems("  steps:\n    - { id: e, type: event, event: ping, filter: \"evnt.id == 1\" }\n"));
        Assert.Equal(("BTN030", "spec.steps[0].filter"), (d.Code, d.Path));
        Assert.Contains("Did you mean 'event'?", d.Fix, StringComparison.Ordinal);
    }
}
