using System.Text.Json.Nodes;

namespace Baton.Core.Engine;

/// <summary>An external event raised on an instance and not yet taken by a waiting step.</summary>
public sealed record RaisedEvent(string Name, JsonNode? Data, DateTimeOffset At);
