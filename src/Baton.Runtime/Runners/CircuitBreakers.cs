using System.Collections.Concurrent;
using Baton.Runtime.Catalog;

namespace Baton.Runtime.Runners;

/// <summary>The circuit state of every task binding that has a <see cref="CircuitBreakerPolicy"/>, in this process.</summary>
/// <remarks>
/// <para>A circuit is per binding (the catalog's content hash and the task's name): every instance and step that runs
/// the binding in this process shares it. On the embedded hub that is the whole hub; on the Durable backend, each
/// worker process has its own. Circuit state is not history: it only decides whether an attempt is made now, and an
/// attempt refused while the circuit is open is recorded as an ordinary failed attempt (<c>CircuitOpen</c>).</para>
/// <para>Consecutive transient failures open it (a retryable failure or a timeout counts; a non-retryable one, such as
/// a bad input, says nothing about the service and leaves the count as it is; a success resets it). Polly's breaker
/// counts a failure ratio over a sampling window instead, so this small state machine is Baton's own.</para>
/// </remarks>
public sealed class CircuitBreakers(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, Circuit> _circuits = new(StringComparer.Ordinal);

    /// <summary>The clock circuits open and close by.</summary>
    public TimeProvider Time => time;

    /// <summary>The circuit of a binding, created closed on first use.</summary>
    public Circuit For(string key, CircuitBreakerPolicy policy) => _circuits.GetOrAdd(key, _ => new Circuit(policy, time));

    /// <summary>One binding's circuit: closed, open until a time, or half-open with one probe out.</summary>
    public sealed class Circuit(CircuitBreakerPolicy policy, TimeProvider time)
    {
        private readonly Lock _gate = new();
        private int _failures;
        private DateTimeOffset? _openUntil;
        private bool _probeOut;

        /// <summary>How long to wait before asking again while another attempt probes.</summary>
        private static readonly TimeSpan ProbeWait = TimeSpan.FromMilliseconds(250);

        /// <summary>The policy the circuit follows.</summary>
        public CircuitBreakerPolicy Policy => policy;

        /// <summary>Asks to make an attempt: null when it may go (closed, or as the half-open probe), else how long
        /// until a probe may go.</summary>
        public TimeSpan? TryEnter()
        {
            lock (_gate)
            {
                if (_openUntil is not { } until)
                {
                    return null;
                }
                var now = time.GetUtcNow();
                if (now < until)
                {
                    return until - now;
                }
                if (_probeOut)
                {
                    return ProbeWait; // another attempt is probing; ask again shortly
                }
                _probeOut = true;
                return null;
            }
        }

        /// <summary>Records how an attempt that was let through ended.</summary>
        /// <param name="transientFailure">True for a retryable failure or a timeout.</param>
        /// <param name="success">True when the attempt succeeded (or was handed over to a service).</param>
        public void Record(bool transientFailure, bool success)
        {
            lock (_gate)
            {
                var probing = _probeOut;
                _probeOut = false;
                if (success)
                {
                    _failures = 0;
                    _openUntil = null;
                }
                else if (transientFailure)
                {
                    _failures++;
                    if (probing || _failures >= policy.Failures)
                    {
                        _openUntil = time.GetUtcNow() + policy.OpenFor;
                    }
                }
                else if (probing && _openUntil is not null)
                {
                    // A probe that ended without telling anything (a bad input): let the next attempt probe instead.
                    _openUntil = time.GetUtcNow();
                }
            }
        }

        /// <summary>Whether the circuit is open (or half-open) now.</summary>
        public bool IsOpen
        {
            get
            {
                lock (_gate)
                {
                    return _openUntil is not null;
                }
            }
        }
    }
}
