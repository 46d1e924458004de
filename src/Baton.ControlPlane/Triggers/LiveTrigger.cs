using Baton.Core.Definitions.Triggers;

namespace Baton.ControlPlane.Triggers;

/// <summary>A trigger of a workflow's active version, with the version and the time it was registered.</summary>
public sealed record LiveTrigger(string Workflow, string Version, DateTimeOffset RegisteredAt, TriggerDefinition Trigger)
{
    /// <summary>What every instance id this trigger starts begins with.</summary>
    public string Prefix => TriggerIds.Prefix(Workflow, Trigger.Id);
}
