namespace Baton.Core.Engine;

/// <summary>What a status means for what can still happen.</summary>
public static class InstanceStatuses
{
    /// <summary>True for a status the instance never leaves: completed, failed or terminated.</summary>
    public static bool IsFinal(this InstanceStatus status) => status is InstanceStatus.Completed or InstanceStatus.Failed or InstanceStatus.Terminated;
}
