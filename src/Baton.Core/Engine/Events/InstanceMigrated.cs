namespace Baton.Core.Engine.Events;

/// <summary>Someone moved a running instance to another version of its workflow.</summary>
/// <remarks>Applied with the plan of the definition it moves to (<see cref="ToDefinition"/>), which every replay switches to
/// at this event. Accepted only when the instance runs version <see cref="FromVersion"/>, is running, and fits the new plan
/// (<see cref="Migration.Check"/>): steps that finished or run keep their results and attempts, steps the new version
/// leaves out that had not started go, steps it adds start when their dependencies allow.</remarks>
/// <param name="At">When it was recorded.</param>
/// <param name="FromVersion">The version the instance ran.</param>
/// <param name="ToVersion">The version it runs from now on.</param>
/// <param name="FromDefinition">The content hash of the definition it ran.</param>
/// <param name="ToDefinition">The content hash of the definition it runs from now on.</param>
/// <param name="Reason">Why, as the caller said.</param>
public sealed record InstanceMigrated(DateTimeOffset At, string FromVersion, string ToVersion, string FromDefinition, string ToDefinition, string Reason)
    : WorkflowEvent(At);
