using System.Collections.Immutable;
using System.Text.Json.Nodes;

namespace Baton.Runtime.WorkflowTests;

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
