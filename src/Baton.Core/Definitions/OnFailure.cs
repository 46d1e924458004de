namespace Baton.Core.Definitions;

/// <summary>What happens once a step has failed and its retries are spent.</summary>
public enum OnFailure
{
    /// <summary>The workflow fails.</summary>
    Fail,
    /// <summary>The step stays failed and the workflow goes on; dependents run.</summary>
    Continue,
    /// <summary>Retry with the step's, the workflow's, or the built-in default policy, then fail the workflow.</summary>
    Retry,
    /// <summary>The workflow fails after running its compensation (<c>spec.compensation</c>) for what it completed.</summary>
    Compensate,
    /// <summary>The workflow goes on at another step (<c>on_failure: { goto: step }</c>), which runs only then; the
    /// failed step's own dependents are skipped.</summary>
    Goto,
}
