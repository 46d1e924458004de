namespace Baton.Durable;

/// <summary>Which registered workflow a <c>workflow</c> step runs: its name, and a version (null: the active one).</summary>
public sealed record WorkflowReference(string Name, string? Version);
