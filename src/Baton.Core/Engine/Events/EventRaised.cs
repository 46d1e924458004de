using System.Text.Json.Nodes;

namespace Baton.Core.Engine.Events;

/// <summary>An external event was raised on the instance (e.g. an approval arrived).</summary>
/// <remarks>Accepted while the instance runs or is suspended: it completes the first step waiting for that name,
/// or is kept until a step waits for it.</remarks>
public sealed record EventRaised(DateTimeOffset At, string Name, JsonNode? Data) : WorkflowEvent(At);
