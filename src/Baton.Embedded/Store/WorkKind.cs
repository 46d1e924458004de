namespace Baton.Embedded.Store;

/// <summary>The kinds of work item.</summary>
public enum WorkKind
{
    /// <summary>Run a task attempt.</summary>
    Task,
    /// <summary>Fire a timer.</summary>
    Timer,
}
