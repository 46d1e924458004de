namespace Baton.Runtime.Catalog;

/// <summary>When a task binding's circuit opens and what attempts do while it is open.</summary>
/// <remarks>The circuit opens after <see cref="Failures"/> consecutive transient failures (retryable ones, timeouts
/// included) of the binding's attempts, stays open for <see cref="OpenFor"/>, then lets one attempt through as a
/// probe: its success closes the circuit, its failure opens it again. While open, an attempt fails at once with
/// <c>CircuitOpen</c> (retryable, so the step's retry policy waits and tries again) or, with <see cref="Wait"/>,
/// waits until the probe may go (bounded by the attempt's timeout).</remarks>
public sealed record CircuitBreakerPolicy(int Failures, TimeSpan OpenFor, bool Wait);
