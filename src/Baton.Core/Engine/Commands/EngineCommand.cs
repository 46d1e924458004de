using System.Text.Json.Serialization;

namespace Baton.Core.Engine.Commands;

/// <summary>An effect the engine asks the runtime to carry out after the new state is committed.</summary>
/// <remarks>Commands are delivered at least once; their targets must tolerate repeats (idempotency keys, timer ids).</remarks>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(DispatchTask), "DispatchTask")]
[JsonDerivedType(typeof(ScheduleTimer), "ScheduleTimer")]
[JsonDerivedType(typeof(CancelTimer), "CancelTimer")]
[JsonDerivedType(typeof(CancelTask), "CancelTask")]
[JsonDerivedType(typeof(InstanceFinished), "InstanceFinished")]
[JsonDerivedType(typeof(InstanceContinued), "InstanceContinued")]
public abstract record EngineCommand;
