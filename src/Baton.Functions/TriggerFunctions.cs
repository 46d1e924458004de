using Baton.ControlPlane;
using Baton.ControlPlane.Triggers;
using Baton.Durable;
using Baton.Runtime.Composition;
using Baton.Runtime.Hosting;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Baton.Functions;

/// <summary>Workflows' schedule and queue triggers, and the watchdog, in the function app: Timer triggers run the looks <c>baton serve</c> runs
/// every interval (<see cref="TriggerTick"/>), so a scaled-to-zero app still wakes for them.</summary>
/// <remarks>The timer's schedule is the app setting <c>BATON_TRIGGER_SCHEDULE</c> (an NCRONTAB with seconds; infra sets
/// <c>*/10 * * * * *</c>). Queue triggers are read by that look with the Azure SDK rather than by the Queue trigger
/// extension, whose queue names are fixed when the app is deployed: Baton's are declared by workflow versions registered
/// at run time. A schedule's due time counts as on time for two timer periods (<c>BATON_TRIGGER_INTERVAL</c>, default 10s).</remarks>
public sealed class TriggerFunctions(FunctionsHub hub, IConfiguration configuration, IOptions<HostSettings> settings, BatonContext context, ILogger<TriggerFunctions> logger)
{
    /// <summary>The app setting holding the Timer trigger's schedule.</summary>
    public const string ScheduleSetting = "BATON_TRIGGER_SCHEDULE";

    /// <summary>Looks at the live triggers when the timer fires.</summary>
    [Function("BatonTriggers")]
    public Task RunAsync([TimerTrigger("%" + ScheduleSetting + "%")] TimerInfo timer, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken) =>
        TickAsync(client, context.Time.GetUtcNow(), cancellationToken);

    /// <summary>Looks for stuck instances every minute (see <see cref="ControlPlane.Watch.WatchdogService"/>): the <c>baton.instances.stuck</c> gauge and a warning per instance.</summary>
    [Function("BatonWatchdog")]
    public async Task WatchdogAsync([TimerTrigger("0 * * * * *")] TimerInfo timer, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken)
    {
        var backend = await BackendAsync(client).ConfigureAwait(false);
        await ControlPlane.Watch.WatchdogService.RunAsync(new Operations(backend), context, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>One look at the triggers at <paramref name="now"/>, over the task hub the client reaches; returns how many instances it started.</summary>
    public async Task<int> TickAsync(DurableTaskClient client, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var backend = await BackendAsync(client).ConfigureAwait(false);
        var interval = TriggerService.Interval(context.AppSetting(TriggerService.IntervalSetting) ?? "10s");
        var host = new TriggerHost(new Operations(backend),
            setting => setting is null ? FunctionsSetup.Queues(configuration) : Runtime.Data.StorageQueues.Service(context.AppSetting(setting)),
            context.AppSetting, interval * 2, logger) { TaskHub = settings.Value.HubName };
        return await TriggerTick.RunAsync(host, now, cancellationToken).ConfigureAwait(false);
    }

    private async Task<DurableBackend> BackendAsync(DurableTaskClient client)
    {
        var durable = await hub.GetAsync().ConfigureAwait(false);
        return new DurableBackend(new DurableConnection(durable, client, null,
            new System.Text.Json.Nodes.JsonObject { ["backend"] = "durable", ["taskHub"] = durable.TaskHubName, ["host"] = "function app" }));
    }
}
