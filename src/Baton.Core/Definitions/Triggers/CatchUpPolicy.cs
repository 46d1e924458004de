namespace Baton.Core.Definitions.Triggers;

/// <summary>What a schedule does with firings that came due while no host was running (<c>catch_up</c>).</summary>
public enum CatchUpPolicy
{
    /// <summary>Missed firings are dropped; the schedule goes on from the next one.</summary>
    None,

    /// <summary>The latest missed firing starts (the default).</summary>
    Last,

    /// <summary>Every missed firing starts, the latest <c>max_catch_up</c> of them at most.</summary>
    All,
}
