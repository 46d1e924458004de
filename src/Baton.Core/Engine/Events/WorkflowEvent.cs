using System.Text.Json.Serialization;

namespace Baton.Core.Engine.Events;

/// <summary>Something that happened to an instance; the only way its state changes.</summary>
/// <remarks>Every event carries its time <see cref="At"/>, assigned by the runtime when it is recorded, so the
/// engine never reads a clock. Events are appended to history in the order they were accepted.</remarks>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(InstanceStarted), "InstanceStarted")]
[JsonDerivedType(typeof(TaskCompleted), "TaskCompleted")]
[JsonDerivedType(typeof(TaskFailed), "TaskFailed")]
[JsonDerivedType(typeof(TaskProgressed), "TaskProgressed")]
[JsonDerivedType(typeof(TimerFired), "TimerFired")]
[JsonDerivedType(typeof(TerminateRequested), "TerminateRequested")]
[JsonDerivedType(typeof(EventRaised), "EventRaised")]
[JsonDerivedType(typeof(SuspendRequested), "SuspendRequested")]
[JsonDerivedType(typeof(ResumeRequested), "ResumeRequested")]
[JsonDerivedType(typeof(RewindRequested), "RewindRequested")]
[JsonDerivedType(typeof(InstanceMigrated), "InstanceMigrated")]
public abstract record WorkflowEvent(DateTimeOffset At);
