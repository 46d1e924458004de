using System.Text.Json.Nodes;

namespace Baton.Runtime.WorkflowTests;

/// <summary>An event raised on the instance at a virtual time after its start.</summary>
public sealed record TestEvent(string Name, JsonNode? Data, TimeSpan At);
