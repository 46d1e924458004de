namespace Baton.Runtime.WorkflowTests;

/// <summary>How a case went: passed, or each way it did not, with the virtual time the run took.</summary>
public sealed record WorkflowTestOutcome(string File, string Name, IReadOnlyList<string> Failures, TimeSpan VirtualTime, IReadOnlyList<string> Path)
{
    /// <summary>True when every expectation held.</summary>
    public bool Passed => Failures.Count == 0;
}
