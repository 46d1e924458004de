using Baton.Runtime.Composition;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Baton.ControlPlane.Triggers;

/// <summary>Looks at the live triggers every <c>BATON_TRIGGER_INTERVAL</c> (default 5 s) in <c>baton serve</c>, on the host's clock.</summary>
/// <remarks>The function app runs the same look from its Timer trigger instead, so it wakes when scaled to zero.</remarks>
public sealed class TriggerService(Operations operations, BatonContext context, string? taskHub = null) : BackgroundService
{
    /// <summary>The app setting for how often triggers are looked at: a duration from 1s to 5m.</summary>
    public const string IntervalSetting = "BATON_TRIGGER_INTERVAL";

    /// <summary>How often triggers are looked at when the setting is not given.</summary>
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(5);

    /// <summary>Reads the interval setting.</summary>
    /// <exception cref="FormatException">The setting is not a duration from 1s to 5m; the message names it.</exception>
    public static TimeSpan Interval(string? text) =>
        Runtime.Hosting.DurationSetting.Read($"The setting {IntervalSetting}", text, DefaultInterval, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5));

    /// <summary>One look at the triggers at <paramref name="now"/>, as the service makes every interval; returns how many instances it started.</summary>
    /// <exception cref="FormatException">The interval setting is malformed.</exception>
    public Task<int> RunOnceAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        TriggerTick.RunAsync(Host(Interval(context.AppSetting(IntervalSetting))), now, cancellationToken);

    private TriggerHost Host(TimeSpan interval) =>
        new(operations, setting => Runtime.Data.StorageQueues.Service(context.AppSetting(setting ?? "AzureWebJobsStorage")), context.AppSetting, interval * 2,
            context.Logging.CreateLogger("Baton.Triggers")) { TaskHub = taskHub };

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var logger = context.Logging.CreateLogger("Baton.Triggers");
        TimeSpan interval;
        try
        {
            interval = Interval(context.AppSetting(IntervalSetting));
        }
        catch (FormatException ex)
        {
            logger.LogError("Triggers are off: {Reason}", ex.Message);
            return;
        }
        var host = Host(interval);
        using var timer = new PeriodicTimer(interval, context.Time);
        do
        {
            try
            {
                await TriggerTick.RunAsync(host, context.Time.GetUtcNow(), stoppingToken).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // The registry or backend being unreachable for a moment must not stop the triggers for good.
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
#pragma warning restore CA1031
            {
                logger.LogWarning(ex, "Triggers could not be looked at: {Reason}", ex.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }
}
