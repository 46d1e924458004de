using System.Text.Json.Nodes;

namespace Baton.Abstractions;

/// <summary>A backend's readiness: healthy or not, why not, and what the readiness route shows.</summary>
public sealed record BackendHealth(bool Healthy, string? Problem, JsonObject Details);
