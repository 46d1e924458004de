using System.Collections.Immutable;
using System.Text.Json.Nodes;

namespace Baton.Runtime.WorkflowTests;

/// <summary>A workflow test file (<c>kind: WorkflowTest</c>): the workflow under test and its cases.</summary>
public sealed record WorkflowTestFile(string Path, string WorkflowPath, ImmutableArray<WorkflowTestCase> Cases);

/// <summary>One case: the workflow's input, what each task answers, events raised on the virtual clock, and what must come out.</summary>
/// <remarks><see cref="Mocks"/> are keyed by step id or task name: a dispatched attempt takes the mock of its step id,
/// else of its step without an item index (<c>x[3]</c> takes <c>x</c>'s), else of its task. A list of answers gives one
/// per attempt, the last repeating.</remarks>
public sealed record WorkflowTestCase(
    string Name,
    JsonNode? Input,
    ImmutableDictionary<string, ImmutableArray<MockAnswer>> Mocks,
    ImmutableArray<TestEvent> Events,
    TestExpectation Expect,
    string Seed,
    string Location);

/// <summary>What a mocked task answers on one attempt, after <see cref="After"/> of virtual time.</summary>
/// <remarks>Exactly one of <see cref="Output"/> (given), <see cref="Echo"/> (the attempt's input comes back) and
/// <see cref="Error"/> (the attempt fails; <see cref="Retryable"/> says whether the retry policy may try again).</remarks>
public sealed record MockAnswer(JsonNode? Output, bool HasOutput, bool Echo, Core.Engine.ErrorInfo? Error, bool Retryable, TimeSpan After);

/// <summary>An event raised on the instance at a virtual time after its start.</summary>
public sealed record TestEvent(string Name, JsonNode? Data, TimeSpan At);

/// <summary>What the case checks; every part is optional.</summary>
/// <param name="Status">completed, failed or terminated.</param>
/// <param name="Output">The workflow's output, exactly.</param>
/// <param name="HasOutput">True when the file gives <c>output</c> (so an expected null output is told from none).</param>
/// <param name="OutputIncludes">Keys the output must hold with these values (objects compared the same way, recursively).</param>
/// <param name="ErrorCode">The workflow error's code.</param>
/// <param name="ErrorContains">Text the workflow error's message contains.</param>
/// <param name="Steps">Per step: its status, and optionally its output, input (each compared as <paramref name="OutputIncludes"/>) and attempts.</param>
/// <param name="Path">The steps that ran (succeeded or failed), in the order they started; compensating steps excluded.</param>
/// <param name="Compensated">The compensating steps that ran, in order.</param>
public sealed record TestExpectation(
    string? Status,
    JsonNode? Output,
    bool HasOutput,
    JsonNode? OutputIncludes,
    string? ErrorCode,
    string? ErrorContains,
    ImmutableDictionary<string, StepExpectation> Steps,
    ImmutableArray<string>? Path,
    ImmutableArray<string>? Compensated);

/// <summary>What one step must show.</summary>
public sealed record StepExpectation(string? Status, JsonNode? Output, JsonNode? Input, int? Attempts);

/// <summary>How a case went: passed, or each way it did not, with the virtual time the run took.</summary>
public sealed record WorkflowTestOutcome(string File, string Name, IReadOnlyList<string> Failures, TimeSpan VirtualTime, IReadOnlyList<string> Path)
{
    /// <summary>True when every expectation held.</summary>
    public bool Passed => Failures.Count == 0;
}
