using System.Collections.Immutable;
using System.Text.Json.Nodes;

namespace Baton.Core.Engine.Events;

/// <summary>Starts an instance with its input, the allow-listed environment values, and a random seed.</summary>
/// <remarks>The seed is drawn once by the runtime and recorded here; uuid() and retry jitter derive from it.
/// <see cref="TraceParent"/> is the W3C trace context the instance's spans belong to; the engine only keeps it.</remarks>
public sealed record InstanceStarted(
    DateTimeOffset At,
    string InstanceId,
    JsonNode? Input,
    string Seed,
    ImmutableSortedDictionary<string, string> Env,
    string? TraceParent = null) : WorkflowEvent(At);
