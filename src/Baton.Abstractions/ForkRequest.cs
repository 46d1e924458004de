using System.Text.Json.Nodes;

namespace Baton.Abstractions;

/// <summary>What a fork starts from: the instance, the sequence of the history event to start after, and optionally a new
/// input (<see cref="ReplaceInput"/>) and a chosen id for the new instance.</summary>
public sealed record ForkRequest(string InstanceId, long Sequence, JsonNode? Input, bool ReplaceInput, string? NewInstanceId);
