namespace Baton.Runtime.Runners.Aci;

/// <summary>Where an attempt's container group stands.</summary>
public enum GroupPhase
{
    /// <summary>Being created, pulling, or running.</summary>
    Running,

    /// <summary>The container has stopped; the exit code says how.</summary>
    Terminated,

    /// <summary>The image cannot be pulled.</summary>
    ImagePullFailed,

    /// <summary>The group could not be provisioned.</summary>
    Failed,
}
