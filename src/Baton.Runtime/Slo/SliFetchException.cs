namespace Baton.Runtime.Slo;

/// <summary>Why SLI values could not be fetched at all; <see cref="Retryable"/> when asking again may help.</summary>
public sealed class SliFetchException(string message, bool retryable) : Exception(message)
{
    /// <summary>True for an endpoint that is down or overloaded; false for one that answers something other than the Prometheus API.</summary>
    public bool Retryable { get; } = retryable;
}
