namespace Baton.Core.Definitions;

/// <summary>How often and how far apart a failed step is tried again.</summary>
/// <remarks><see cref="MaxAttempts"/> counts the first attempt; <see cref="Jitter"/> is a fraction in [0, 1]
/// of each delay that is randomized from the instance's recorded seed, so replays agree.</remarks>
public sealed record RetryPolicy(int MaxAttempts, Backoff Backoff, TimeSpan InitialDelay, TimeSpan MaxDelay, double Jitter)
{
    /// <summary>The policy used by <c>on_failure: retry</c> when neither the step nor the workflow names one.</summary>
    public static RetryPolicy Default { get; } =
        new(3, Backoff.Exponential, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1), 0);

    /// <summary>A single attempt: no retries.</summary>
    public static RetryPolicy None { get; } = new(1, Backoff.Fixed, TimeSpan.Zero, TimeSpan.Zero, 0);

    /// <summary>Reads a <c>retry</c> mapping (<c>max_attempts</c>, <c>backoff</c>, <c>initial_delay</c>, <c>max_delay</c>, <c>jitter</c>)
    /// under <paramref name="key"/>, as a step's, the workflow's and a catalog binding's are read; null when absent.</summary>
    /// <remarks>Problems go to the reader's sink with their keys.</remarks>
    public static RetryPolicy? Read(ObjectReader parent, string key) => DefinitionReader.ReadRetry(parent, key);
}
