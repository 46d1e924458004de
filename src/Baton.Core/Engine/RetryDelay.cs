using System.Security.Cryptography;
using System.Text;
using Baton.Core.Definitions;

namespace Baton.Core.Engine;

/// <summary>Computes the delay before a retry from the policy, with jitter derived from the instance's seed.</summary>
/// <remarks>Deterministic: the same seed, step and attempt always give the same delay, so a replay or a recovery
/// schedules the same timer.</remarks>
public static class RetryDelay
{
    /// <summary>The delay after the given failed attempt (1-based) before the next one.</summary>
    public static TimeSpan Compute(RetryPolicy policy, int failedAttempt, string seed, string stepId)
    {
        var baseMs = policy.Backoff == Backoff.Fixed
            ? policy.InitialDelay.TotalMilliseconds
            : policy.InitialDelay.TotalMilliseconds * Math.Pow(2, Math.Min(failedAttempt - 1, 30));
        baseMs = Math.Min(baseMs, policy.MaxDelay.TotalMilliseconds);
        if (policy.Jitter > 0)
        {
            var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{seed}/{stepId}/{failedAttempt}"));
            var unit = BitConverter.ToUInt32(hash, 0) / (double)uint.MaxValue;
            baseMs *= 1 - policy.Jitter + 2 * policy.Jitter * unit;
            baseMs = Math.Min(baseMs, policy.MaxDelay.TotalMilliseconds);
        }
        return TimeSpan.FromMilliseconds(Math.Round(Math.Max(0, baseMs)));
    }
}
