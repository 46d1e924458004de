using Baton.Core.Definitions;
using Baton.Core.Engine;
using Baton.Runtime.WorkflowTests;
using Baton.Testing;

namespace Baton.Runtime.Tests.WorkflowTests;

/// <summary>Cases run on the pure engine with mocked tasks and a virtual clock.</summary>
public sealed class WorkflowTestRunnerTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>Writes the workflow and the test file (with the given cases) and runs every case.</summary>
    private List<WorkflowTestOutcome> Run(string steps, string cases)
    {
        File.WriteAllText(_dir.File("wf.yaml"), "apiVersion: baton.dev/v1\nkind: Workflow\nmetadata: { name: wf, version: '1' }\nspec:\n" + steps);
        var text = "apiVersion: baton.dev/v1\nkind: WorkflowTest\nspec:\n  workflow: wf.yaml\n  cases:\n" + cases;
        var (file, problems) = WorkflowTestReader.Read(text, _dir.File("wf.test.yaml"));
        Assert.True(file is not null, string.Join("\n", problems));
        var plan = WorkflowPlan.Compile(DefinitionLoader.Load(File.ReadAllText(file.WorkflowPath), file.WorkflowPath).GetOrThrow());
        return [.. file.Cases.Select(c => WorkflowTestRunner.Run(plan, c, "wf.test.yaml"))];
    }

    [Fact]
    public void Run_MockSlowerThanTheStepTimeout_TimesTheAttemptOut()
    {
        var outcome = Run("  steps:\n    - { id: a, task: slow, timeout: 5s, retry: { max_attempts: 2, initial_delay: 1s } }\n",
            "    - name: slow\n      mocks: { slow: { output: {}, after: 1m } }\n      expect: { status: failed, error: { code: TimedOut }, steps: { a: { status: failed, attempts: 2 } } }\n").Single();

        Assert.True(outcome.Passed, string.Join("\n", outcome.Failures));
        Assert.Equal(TimeSpan.FromSeconds(11), outcome.VirtualTime);
    }

    [Fact]
    public void Run_TaskNobodyMocks_FailsNamingStepAndTask()
    {
        var outcome = Run("  steps:\n    - { id: a, task: charge }\n", "    - name: unmocked\n      expect: { status: completed }\n").Single();

        Assert.Equal("Step 'a' ran task 'charge', which nothing mocks: add mocks.a (or mocks.charge).", Assert.Single(outcome.Failures));
    }

    [Fact]
    public void Run_EventNeverRaisedAndNoTimeout_StopsSayingWhatWaits()
    {
        var outcome = Run("  steps:\n    - { id: pay, type: event, event: payment.received }\n", "    - name: stuck\n      expect: { status: completed }\n").Single();

        var failure = Assert.Single(outcome.Failures);
        Assert.Contains("nothing more to happen: pay is waiting", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_ForEachItems_TakeTheirStepsMockAndEchoTheirInputInOrder()
    {
        var outcome = Run("""
              steps:
                - { id: each, type: for_each, items: "${input.names}", max_concurrency: 2, do: { task: greet, input: { n: "${item}" } } }
              output: { mapping: { all: "${steps.each.output}" } }
            """, """
                - name: echo
                  input: { names: [a, b, c] }
                  mocks: { each: { echo: true } }
                  expect: { status: completed, output: { all: [{ n: a }, { n: b }, { n: c }] } }
            """).Single();

        Assert.True(outcome.Passed, string.Join("\n", outcome.Failures));
    }

    [Fact]
    public void Run_ExpectationsThatDoNotHold_EachIsReported()
    {
        var outcome = Run("  steps:\n    - { id: a, task: t }\n    - { id: b, task: t, depends_on: [a] }\n", """
                - name: wrong
                  mocks: { t: { output: { v: 1 } } }
                  expect:
                    status: failed
                    output_includes: { b: { v: 2 } }
                    steps: { a: { attempts: 2 }, nope: succeeded }
                    path: [b, a]
            """).Single();

        Assert.Equal(
        [
            "status: expected failed, got completed.",
            "output.b.v: expected 2, got 1.",
            "steps.a.attempts: expected 2, got 1.",
            "steps.nope: the workflow has no step 'nope'.",
            "path: expected [b, a], got [a, b].",
        ], outcome.Failures);
    }

    [Fact]
    public void Run_SameCaseTwice_SameUuids()
    {
        var steps = "  steps:\n    - { id: a, task: t, input: { id: \"${uuid()}\" } }\n";
        var cases = "    - name: one\n      mocks: { t: { echo: true } }\n      expect: { status: completed }\n";

        var first = Run(steps, cases);
        var second = Run(steps, cases);

        Assert.True(first.Single().Passed);
        Assert.Equal(first.Single().Path, second.Single().Path);
    }

    [Fact]
    public void Run_CompensationWithMocksThatTakeNoTime_IsReportedInTheOrderItRan()
    {
        // Compensation undoes the latest completion first: 'second' finished after 'first', so undo-second runs first,
        // though it is written after undo-first.
        var outcome = Run("""
              steps:
                - { id: first, task: make }
                - { id: second, task: make, depends_on: [first] }
                - { id: boom, task: explode, depends_on: [second], on_failure: compensate }
              compensation:
                - { id: undo-first, task: unmake, undoes: first }
                - { id: undo-second, task: unmake, undoes: second }
            """, """
                - name: compensates
                  mocks: { make: { output: {} }, unmake: { output: {} }, explode: { error: { code: Boom, message: no } } }
                  expect: { status: failed, compensated: [undo-second, undo-first] }
            """).Single();

        Assert.True(outcome.Passed, string.Join("\n", outcome.Failures));
    }
}
