namespace Baton.Core.Definitions.Triggers;

/// <summary>What a schedule does when a firing comes due while its previous run is still going (<c>overlap</c>).</summary>
public enum OverlapPolicy
{
    /// <summary>The firing is dropped (the default).</summary>
    Skip,

    /// <summary>The latest such firing starts once the running one ends; earlier ones are dropped.</summary>
    QueueOne,

    /// <summary>Every firing starts, whatever is running.</summary>
    Allow,
}
