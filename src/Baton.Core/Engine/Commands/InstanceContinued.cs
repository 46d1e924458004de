using System.Text.Json.Nodes;

namespace Baton.Core.Engine.Commands;

/// <summary>The instance started over (continue_as_new) as run <see cref="Generation"/> with <see cref="Input"/>.</summary>
/// <remarks>Hosts may now drop the history before this event and the rows of steps the new run does not have; the
/// state after the event is the new run's whole state.</remarks>
public sealed record InstanceContinued(int Generation, JsonNode? Input) : EngineCommand;
