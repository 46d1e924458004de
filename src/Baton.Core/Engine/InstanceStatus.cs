namespace Baton.Core.Engine;

/// <summary>The lifecycle status of a workflow instance, named as Durable Functions names runtimeStatus.</summary>
public enum InstanceStatus
{
    /// <summary>Created, not yet started.</summary>
    Pending,
    /// <summary>Started and not finished.</summary>
    Running,
    /// <summary>Finished successfully.</summary>
    Completed,
    /// <summary>Finished with an error.</summary>
    Failed,
    /// <summary>Stopped on request.</summary>
    Terminated,
    /// <summary>Paused on request: running attempts finish and are recorded, but nothing new starts until resumed.</summary>
    Suspended,
}
