using System.Collections.Immutable;

namespace Baton.Core.Definitions;

/// <summary>Names and describes a workflow.</summary>
public sealed record WorkflowMetadata(string Name, string Version, string? Description, ImmutableArray<string> Tags);
