using Baton.Runtime.Composition;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Baton.ControlPlane.Watch;

/// <summary>Looks for stuck instances every <c>BATON_WATCHDOG_INTERVAL</c> (default 1m) in <c>baton serve</c>: updates the
/// <c>baton.instances.stuck</c> gauge and logs each instance the first time it is found stuck.</summary>
/// <remarks>The function app runs the same look (<see cref="RunAsync"/>) from a Timer trigger every minute.</remarks>
public sealed class WatchdogService(Operations operations, BatonContext context) : BackgroundService
{
    /// <summary>The app setting for how often <c>baton serve</c> looks (a duration from 1s to 1h).</summary>
    public const string IntervalSetting = "BATON_WATCHDOG_INTERVAL";

    private static readonly HashSet<string> Reported = new(StringComparer.Ordinal);

    /// <summary>One look: scans, records the gauge, and logs what is newly stuck; returns what it found.</summary>
    public static async Task<IReadOnlyList<StuckInstance>> RunAsync(Operations operations, BatonContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(operations);
        ArgumentNullException.ThrowIfNull(context);
        var idle = Watchdog.Idle(context.AppSetting(Watchdog.IdleSetting), Watchdog.IdleSetting);
        var (stuck, _) = await Watchdog.ScanAsync(operations, new Abstractions.InstanceQuery(MaxCount: Watchdog.MaxExamined), context.Time.GetUtcNow(), idle, ct)
            .ConfigureAwait(false);
        WatchMetrics.Record(stuck);
        var logger = context.Logging.CreateLogger("Baton.Watchdog");
        lock (Reported)
        {
            foreach (var s in stuck.Where(s => Reported.Add($"{s.InstanceId}\n{s.Kind}\n{s.LastProgressAt:O}")))
            {
                logger.LogWarning("Instance {InstanceId} of {Workflow} looks stuck ({Kind}): {Reason}", s.InstanceId, s.Name, s.Kind, s.Reason);
            }
            if (Reported.Count > 100_000)
            {
                Reported.Clear();
            }
        }
        return stuck;
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var logger = context.Logging.CreateLogger("Baton.Watchdog");
        TimeSpan interval;
        try
        {
            interval = Runtime.Hosting.DurationSetting.Read($"The setting {IntervalSetting}", context.AppSetting(IntervalSetting), TimeSpan.FromMinutes(1),
                TimeSpan.FromSeconds(1), TimeSpan.FromHours(1));
            _ = Watchdog.Idle(context.AppSetting(Watchdog.IdleSetting), Watchdog.IdleSetting);
        }
        catch (FormatException ex)
        {
            logger.LogError("The watchdog is off: {Reason}", ex.Message);
            return;
        }
        using var timer = new PeriodicTimer(interval, context.Time);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                await RunAsync(operations, context, stoppingToken).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // A look that fails (storage unreachable for a moment) must not stop the watchdog.
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
#pragma warning restore CA1031
            {
                logger.LogWarning(ex, "The watchdog could not look: {Reason}", ex.Message);
            }
        }
    }
}
