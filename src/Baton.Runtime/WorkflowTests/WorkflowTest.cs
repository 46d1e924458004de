using System.Collections.Immutable;

namespace Baton.Runtime.WorkflowTests;

/// <summary>A workflow test file (<c>kind: WorkflowTest</c>): the workflow under test and its cases.</summary>
public sealed record WorkflowTestFile(string Path, string WorkflowPath, ImmutableArray<WorkflowTestCase> Cases);
