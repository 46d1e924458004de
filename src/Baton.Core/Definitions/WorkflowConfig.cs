namespace Baton.Core.Definitions;

/// <summary>Workflow-wide settings: the overall timeout and the default retry policy.</summary>
public sealed record WorkflowConfig(TimeSpan? Timeout, RetryPolicy? Retry);
