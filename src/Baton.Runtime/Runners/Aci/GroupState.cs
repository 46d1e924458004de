namespace Baton.Runtime.Runners.Aci;

/// <summary>A group's phase, the container's exit code once it terminated, and what ACI said.</summary>
public sealed record GroupState(GroupPhase Phase, long? ExitCode, string Detail);
