using Baton.Core.Engine.Events;
using Baton.Embedded.Store;
using Microsoft.Extensions.Logging;

namespace Baton.Embedded;

/// <summary>Finds work nobody is doing: task work items whose lease ran out (a dead or stopped host's), and timers overdue
/// by more than a sweep interval (their firing was lost), every <see cref="EmbeddedBackendOptions.SweepInterval"/>.</summary>
/// <remarks>Claimed task work is dispatched again (same idempotency key); a claimed timer fires again, and the engine
/// refuses a second firing. Each sweep also counts instances by status for the metrics.</remarks>
internal sealed class WorkSweeper(ITaskHubStore store, EmbeddedBackendOptions options, TimeProvider time, ILogger logger, Action<WorkItem> dispatch,
    Action<HubWriter.Message> post)
{
    private const int Page = 256;

    /// <summary>Instances in the store by status, as of the last sweep.</summary>
    public IReadOnlyDictionary<string, long> StatusCounts { get; private set; } = new Dictionary<string, long>();

    /// <summary>The sweep loop.</summary>
    public async Task RunAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            IReadOnlyList<WorkItem> claimed;
            do
            {
                var now = time.GetUtcNow();
                claimed = await store.ClaimWorkAsync(WorkKind.Task, options.OwnerId, now, now + options.LeaseDuration, Page, ct).ConfigureAwait(false);
                foreach (var item in claimed)
                {
                    Logs.WorkRecovered(logger, item.Id, item.DequeueCount);
                    dispatch(item);
                }
            }
            while (claimed.Count == Page);
            await RecoverOverdueTimersAsync(ct).ConfigureAwait(false);
            StatusCounts = (await store.CountInstancesAsync(ct).ConfigureAwait(false)).ToDictionary(p => p.Key.ToString(), p => p.Value);
            await Task.Delay(options.SweepInterval, time, ct).ConfigureAwait(false);
        }
    }

    /// <summary>Fires timers that are overdue by more than a sweep interval: their firing was lost (a failed commit
    /// dropped the event, or the timer was never armed in memory), so they are claimed like task work and fired again.</summary>
    /// <remarks>The claim leases each timer for <see cref="EmbeddedBackendOptions.LeaseDuration"/>, so a timer whose event is
    /// lost again is retried after that, and one that fires twice is refused by the engine the second time.</remarks>
    private async Task RecoverOverdueTimersAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        foreach (var timer in await store.ClaimWorkAsync(WorkKind.Timer, options.OwnerId, now - options.SweepInterval, now + options.LeaseDuration, Page, ct).ConfigureAwait(false))
        {
            Logs.WorkRecovered(logger, timer.Id, timer.DequeueCount);
            post(new HubWriter.Message(timer.InstanceId, new TimerFired(default, TimerWork.FromJson(timer.Payload).TimerId), timer.Id));
        }
    }
}
