namespace Baton.Abstractions;

/// <summary>Thrown by a function task to fail without retries.</summary>
public sealed class NonRetryableTaskException(string message) : Exception(message);
