namespace Baton.Core.Definitions;

/// <summary>What a <c>for_each</c> step does when an item fails for good.</summary>
public enum OnItemFailure
{
    /// <summary>The step fails at once; running items are cancelled and the rest never start.</summary>
    FailFast,
    /// <summary>Every item runs; then the step fails, listing the items that failed.</summary>
    Collect,
    /// <summary>Every item runs and the step succeeds; a failed item's output is null.</summary>
    Continue,
}
