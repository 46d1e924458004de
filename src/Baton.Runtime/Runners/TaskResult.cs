using System.Text.Json.Nodes;
using Baton.Core.Engine;

namespace Baton.Runtime.Runners;

/// <summary>How a task attempt ended.</summary>
public abstract record TaskResult
{
    /// <summary>A successful attempt with its output.</summary>
    public static TaskResult Ok(JsonNode? output) => new Success(output);

    /// <summary>A failed attempt; <paramref name="retryable"/> false skips the retry policy.</summary>
    public static TaskResult Fail(string code, string message, bool retryable = true) => new Failure(new ErrorInfo(code, message), retryable);

    /// <summary>The attempt succeeded.</summary>
    public sealed record Success(JsonNode? Output) : TaskResult;

    /// <summary>The attempt failed.</summary>
    public sealed record Failure(ErrorInfo Error, bool Retryable) : TaskResult;
}

/// <summary>Thrown by a function task to fail without retries.</summary>
public sealed class NonRetryableTaskException(string message) : Exception(message);
