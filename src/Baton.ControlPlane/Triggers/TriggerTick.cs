using Azure;
using Baton.Core.Definitions;
using Baton.Core.Definitions.Triggers;
using Microsoft.Extensions.Logging;

namespace Baton.ControlPlane.Triggers;

/// <summary>One look at every live schedule and queue trigger: starts what is due and what waits on the queues.</summary>
/// <remarks>The one implementation both hosts run: <c>baton serve</c> every <c>BATON_TRIGGER_INTERVAL</c> (<see cref="TriggerService"/>),
/// the function app from its Timer trigger. Looks may overlap across hosts and repeat after a crash: every start has a
/// fixed instance id, so nothing starts twice. A trigger that cannot fire is logged and the others go on.</remarks>
public static class TriggerTick
{
    /// <summary>Runs one look; returns how many instances it started.</summary>
    public static async Task<int> RunAsync(TriggerHost host, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(host);
        var started = 0;
        foreach (var live in await LiveTriggers.ReadAsync(host.Operations.Registry, ct).ConfigureAwait(false))
        {
            try
            {
                started += live.Trigger switch
                {
                    ScheduleTrigger => await ScheduleFirings.RunAsync(host.Operations, live, now, host.Grace, ct).ConfigureAwait(false),
                    QueueTrigger q => await QueueAsync(host, live, q, now, ct).ConfigureAwait(false),
                    _ => 0,
                };
            }
#pragma warning disable CA1031 // One trigger that cannot fire must not stop the others; it is logged with its reason.
            catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
#pragma warning restore CA1031
            {
                host.Logger.LogWarning(ex, "Trigger '{Trigger}' of workflow '{Workflow}' version {Version} could not fire: {Reason}",
                    live.Trigger.Id, live.Workflow, live.Version, ex.Message);
            }
        }
        return started;
    }

    private static async Task<int> QueueAsync(TriggerHost host, LiveTrigger live, QueueTrigger trigger, DateTimeOffset now, CancellationToken ct)
    {
        if (trigger.ConnectionSetting is { } setting && !SettingNames.IsAllowed(setting, host.AppSetting(SettingNames.SecretsAllowSetting)))
        {
            throw new InvalidOperationException($"its queue's connection setting '{setting}' is not one this host lets definitions read: add it to {SettingNames.SecretsAllowSetting}.");
        }
        if (trigger.ConnectionSetting is null && IsHostQueue(trigger.Queue, host.TaskHub))
        {
            throw new InvalidOperationException($"the queue '{trigger.Queue}' is one of the host's own (Baton's or the Durable task hub's); name another queue, or give connection_setting.");
        }
        var service = host.Queues(trigger.ConnectionSetting)
            ?? throw new InvalidOperationException(trigger.ConnectionSetting is null
                ? "the host has no storage account for queues: set AzureWebJobsStorage, or give the trigger a connection_setting."
                : $"the app setting '{trigger.ConnectionSetting}' is not set.");
        try
        {
            var (started, poisoned) = await QueueMessages.RunAsync(host.Operations, live, service, now,
                (id, ex) => host.Logger.LogWarning(ex, "Queue message {MessageId} of trigger '{Trigger}' could not start workflow '{Workflow}': {Reason}", id, live.Trigger.Id, live.Workflow, ex.Message),
                ct).ConfigureAwait(false);
            if (poisoned > 0)
            {
                host.Logger.LogWarning("Trigger '{Trigger}' moved {Count} message(s) to {Queue}-poison after {Tries} tries each.", live.Trigger.Id, poisoned, trigger.Queue, trigger.MaxDequeue);
            }
            return started;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            throw new InvalidOperationException($"the queue '{trigger.Queue}' does not exist; create it.", ex);
        }
    }

    /// <summary>Whether a queue in the host's own storage belongs to the host: Baton's (<c>baton-</c>), the Functions host's
    /// (<c>azure-webjobs-</c>) or the Durable task hub's (<c>&lt;hub&gt;-control-NN</c>, <c>&lt;hub&gt;-workitems</c>).</summary>
    public static bool IsHostQueue(string queue, string? taskHub)
    {
        ArgumentNullException.ThrowIfNull(queue);
        return queue.StartsWith("baton-", StringComparison.Ordinal) || queue.StartsWith("azure-webjobs-", StringComparison.Ordinal)
            || taskHub is { Length: > 0 } hub && queue.StartsWith(hub.ToLowerInvariant() + "-", StringComparison.Ordinal);
    }
}
