using Baton.Core.Definitions;
using Baton.Core.Engine;

namespace Baton.Core.Tests.Engine;

/// <summary>Retry defaults from a catalog, applied to a compiled plan.</summary>
public sealed class WorkflowPlanTests
{
    private static readonly RetryPolicy Catalogs = new(5, Backoff.Fixed, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2), 0);

    private static WorkflowPlan Compile(string spec) => WorkflowPlan.Compile(DefinitionLoader.Load(
        "apiVersion: baton.dev/v1\nkind: Workflow\nmetadata: { name: w }\nspec:\n" + spec, "w.yaml").GetOrThrow());

    [Fact]
    public void WithTaskRetries_StepsThatSayNothing_TakeTheirTasksDefault()
    {
        var plan = Compile("""
              steps:
                - { id: plain, task: detect }
                - { id: own, task: detect, retry: { max_attempts: 2 } }
                - { id: other, task: echo, on_failure: retry }
                - { id: each, type: for_each, items: "${[1, 2]}", do: { task: detect } }
            """).WithTaskRetries(new Dictionary<string, RetryPolicy> { ["detect"] = Catalogs });

        Assert.Equal(Catalogs, plan.Steps["plain"].Retry);
        Assert.Equal(2, plan.Steps["own"].Retry.MaxAttempts);
        Assert.Equal(RetryPolicy.Default, plan.Steps["other"].Retry);
        Assert.Equal(Catalogs, plan.Steps["each"].Body!.Retry);
    }

    [Fact]
    public void WithTaskRetries_WorkflowConfigRetry_WinsOverTheCatalog()
    {
        var plan = Compile("""
              config: { retry: { max_attempts: 7 } }
              steps:
                - { id: plain, task: detect }
            """);

        Assert.Same(plan, plan.WithTaskRetries(new Dictionary<string, RetryPolicy> { ["detect"] = Catalogs }));
        Assert.Equal(7, plan.Steps["plain"].Retry.MaxAttempts);
    }

    [Fact]
    public void WithTaskRetries_NoneApplies_ReturnsTheSamePlan()
    {
        var plan = Compile("""
              steps:
                - { id: plain, task: echo }
            """);

        Assert.Same(plan, plan.WithTaskRetries(new Dictionary<string, RetryPolicy> { ["detect"] = Catalogs }));
    }
}
