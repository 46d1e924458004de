namespace Baton.Durable;

/// <summary>The registered workflow a <see cref="WorkflowReference"/> names, pinned by content; or why there is none.</summary>
public sealed record ResolvedWorkflow(string? Hash, string? File, string? Definition, string? Problem);
