using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;

namespace Baton.Embedded;

/// <summary>Runs the hub's background loops (writer, timers, sweeper, lease renewal), restarting one that fails with
/// exponential backoff instead of letting it end for good, and reports how each one is doing.</summary>
/// <remarks>Restarts go through a Polly retry pipeline with jittered exponential backoff from
/// <see cref="InitialDelay"/> up to <see cref="MaxDelay"/>, without limit: a loop is only ever stopped by
/// cancellation. A loop waiting to restart is <see cref="LoopState.Restarting"/>, which makes
/// <see cref="IsHealthy"/> false, so readiness probes take the host out of rotation while it cannot make progress.</remarks>
public sealed class LoopSupervisor
{
    private readonly ConcurrentDictionary<string, LoopHealth> _loops = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    /// <summary>Creates a supervisor that logs failures to <paramref name="logger"/>.</summary>
    public LoopSupervisor(TimeProvider time, ILogger logger)
    {
        _time = time;
        _logger = logger;
    }

    /// <summary>The first restart delay; each later one doubles, with jitter.</summary>
    public TimeSpan InitialDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>The longest delay between restarts.</summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Every loop's state, by name.</summary>
    public IReadOnlyList<LoopHealth> Loops => [.. _loops.Values.OrderBy(l => l.Name, StringComparer.Ordinal)];

    /// <summary>True when no loop is waiting to restart after a failure.</summary>
    public bool IsHealthy => _loops.Values.All(l => l.State != LoopState.Restarting);

    /// <summary>Starts a loop on the thread pool; it is listed in <see cref="Loops"/> from the moment this returns.</summary>
    public Task Start(string name, Func<CancellationToken, Task> loop, CancellationToken ct)
    {
        _loops[name] = new LoopHealth(name, LoopState.Running, 0, null, null);
        return Task.Run(() => RunAsync(name, loop, ct), CancellationToken.None);
    }

    /// <summary>Runs a loop until <paramref name="ct"/> is cancelled or the loop returns, restarting it after each failure.</summary>
    public async Task RunAsync(string name, Func<CancellationToken, Task> loop, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(loop);
        var pipeline = new ResiliencePipelineBuilder { TimeProvider = _time }
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<Exception>(ex => !(ex is OperationCanceledException && ct.IsCancellationRequested)),
                MaxRetryAttempts = int.MaxValue,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = InitialDelay,
                MaxDelay = MaxDelay,
                OnRetry = args =>
                {
                    var error = args.Outcome.Exception!;
                    _loops.AddOrUpdate(name,
                        _ => new LoopHealth(name, LoopState.Restarting, 1, _time.GetUtcNow(), Describe(error)),
                        (_, h) => h with { State = LoopState.Restarting, Failures = h.Failures + 1, LastFailureAt = _time.GetUtcNow(), LastError = Describe(error) });
                    Logs.LoopFailed(_logger, error, name, args.RetryDelay);
                    return default;
                },
            })
            .Build();
        try
        {
            await pipeline.ExecuteAsync(async token =>
            {
                _loops.AddOrUpdate(name, _ => new LoopHealth(name, LoopState.Running, 0, null, null), (_, h) => h with { State = LoopState.Running });
                await loop(token).ConfigureAwait(false);
            }, ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Stopping.
        }
        _loops.AddOrUpdate(name, _ => new LoopHealth(name, LoopState.Stopped, 0, null, null), (_, h) => h with { State = LoopState.Stopped });
    }

    private static string Describe(Exception ex) => $"{ex.GetType().Name}: {ex.Message}";
}
