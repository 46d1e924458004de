using System.Text.Json.Nodes;

namespace Baton.Core.Engine.Commands;

/// <summary>The instance reached a final status; waiting callers may be told.</summary>
public sealed record InstanceFinished(InstanceStatus Status, JsonNode? Output, ErrorInfo? Error) : EngineCommand;
