using Baton.Core.Engine;
using Baton.Core.Engine.Events;

namespace Baton.Abstractions;

/// <summary>A committed change to an instance, for live progress.</summary>
/// <remarks>Raised after the commit, in commit order per instance. <see cref="ChangedSteps"/> holds the new
/// states of the steps that changed.</remarks>
public sealed record HubChange(InstanceState State, IReadOnlyList<StepState> ChangedSteps, WorkflowEvent Event);
