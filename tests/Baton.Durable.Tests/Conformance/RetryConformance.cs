using Baton.Core.Engine;
using Baton.Runtime.Runners;

namespace Baton.Durable.Tests.Conformance;

/// <summary>Retries on every backend: a step's own policy with backoff, exhausted retries, the retry example, and a catalog's
/// retry default for the steps that say nothing of retries.</summary>
public abstract class RetryConformance : ConformanceSuite
{
    [Fact]
    public async Task Example_Retry_SucceedsOnTheThirdAttemptAfterBackoff()
    {
        var (workflow, catalog) = Backends.Example("retry");
        var outcome = await RunAsync(workflow, "retry", catalog: catalog);
        Assert.Equal("""{"succeeded_on_attempt":3,"key":"retry/call-flaky-service/3"}""", outcome.Output!.ToJsonString());
        AssertSteps(outcome, ("call-flaky-service", "succeeded", 3), ("report", "succeeded", 1));
    }

    [Fact]
    public async Task CatalogRetry_StepThatSaysNothingOfRetries_IsRetriedByItsTasksDefault()
    {
        var catalog = Backends.Catalog("""
              flaky-service: { runner: function, function: flaky, retry: { max_attempts: 3, initial_delay: 10ms, max_delay: 10ms } }
            """);
        var defaulted = await RunAsync(Backends.Workflow("catalog-retry", """
              steps:
                - { id: call, task: flaky-service, input: { succeed_on: 3 } }
              output:
                mapping: ${steps.call.output}
            """), "catalog-retry", catalog: catalog);
        var own = await RunAsync(Backends.Workflow("own-retry", """
              steps:
                - { id: call, task: flaky-service, input: { succeed_on: 3 }, retry: { max_attempts: 2, initial_delay: 10ms } }
            """), "own-retry", catalog: catalog);

        Assert.Equal("""{"attempt":3}""", defaulted.Output!.ToJsonString());
        AssertSteps(defaulted, ("call", "succeeded", 3));
        Assert.Equal(InstanceStatus.Failed, own.Status);
        AssertSteps(own, ("call", "failed", 2));
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

    /// <summary>On the embedded hub.</summary>
    public sealed class OnEmbeddedHub : RetryConformance
    {
        protected override Task<IBackendDriver> CreateAsync(FunctionRegistry functions, Func<string, string?> appSetting) => EmbeddedDriver.StartAsync(functions, appSetting);
    }

    /// <summary>On a local Durable worker with orchestrations in memory.</summary>
    public sealed class OnInProcessDurable : RetryConformance
    {
        protected override Task<IBackendDriver> CreateAsync(FunctionRegistry functions, Func<string, string?> appSetting) => InProcessDurableDriver.StartAsync(functions, appSetting);
    }

    /// <summary>On a local Durable worker over Azure Storage (Azurite).</summary>
    public sealed class OnAzuriteDurable : RetryConformance
    {
        protected override Task<IBackendDriver> CreateAsync(FunctionRegistry functions, Func<string, string?> appSetting) => AzuriteDurableDriver.StartAsync(functions, appSetting);
    }
}
