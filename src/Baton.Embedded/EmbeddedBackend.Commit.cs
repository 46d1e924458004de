using Baton.Runtime;
using Baton.Abstractions;
namespace Baton.Embedded;

public sealed partial class EmbeddedBackend
{
    /// <summary>Carries out what a committed batch asked for: only work whose final outbox entry is an addition runs.</summary>
    private void AfterCommit(InstanceTransaction p)
    {
        p.Route(_dispatcher.Dispatch, (timer, timerId) => _timers.Schedule(timer.Id, timer.InstanceId, timerId, timer.DueAt), _dispatcher.CancelInFlight, _timers.Cancel);
        foreach (var change in p.Changes)
        {
            Observe(change);
            Announce(change);
        }
        if (p.State is { IsTerminal: true } final)
        {
            _waiters.Finished(final);
        }
    }

    /// <summary>Tells each subscriber of a change; one that throws is logged and cannot stop the writer.</summary>
    private void Announce(HubChange change)
    {
        foreach (var handler in Changed?.GetInvocationList().Cast<Action<HubChange>>() ?? [])
        {
            try
            {
                handler(change);
            }
#pragma warning disable CA1031 // A subscriber's failure is its own; the writer must go on committing.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                Logs.SubscriberFailed(_logger, ex, change.State.InstanceId);
            }
        }
    }

    /// <summary>Counts starts, finishes and retries, and emits the span of a finished instance.</summary>
    private static void Observe(HubChange change) => WorkflowMetrics.Observe(change.State, change.Event, change.ChangedSteps);
}
