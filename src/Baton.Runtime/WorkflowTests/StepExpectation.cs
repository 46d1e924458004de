using System.Text.Json.Nodes;

namespace Baton.Runtime.WorkflowTests;

/// <summary>What one step must show.</summary>
public sealed record StepExpectation(string? Status, JsonNode? Output, JsonNode? Input, int? Attempts);
