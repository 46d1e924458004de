using System.Text.Json.Nodes;

namespace Baton.Core.Engine;

/// <summary>Steps a task's result added (<c>next</c> in its output), in Baton's language, as recorded.</summary>
public sealed record AddedSteps(string Producer, JsonArray Specs);
