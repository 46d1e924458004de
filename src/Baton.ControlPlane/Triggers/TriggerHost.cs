using Azure.Storage.Queues;
using Microsoft.Extensions.Logging;

namespace Baton.ControlPlane.Triggers;

/// <summary>What a look at the triggers needs from the host it runs in.</summary>
/// <param name="Operations">The control plane over the host's backend.</param>
/// <param name="Queues">The queue service behind a connection setting's name (null: the host's own storage account); null when
/// there is none (the host has no storage, or the setting is unset).</param>
/// <param name="AppSetting">Looks up app settings (BATON_SECRETS_ALLOW for a trigger's connection setting).</param>
/// <param name="Grace">How late a schedule's due time may be seen and still count as on time: twice the host's interval.</param>
/// <param name="Logger">Where a trigger that cannot fire says why.</param>
public sealed record TriggerHost(Operations Operations, Func<string?, QueueServiceClient?> Queues, Func<string, string?> AppSetting, TimeSpan Grace, ILogger Logger)
{
    /// <summary>The Durable task hub's name, whose queues no trigger may read from the host's storage (null: no task hub).</summary>
    public string? TaskHub { get; init; }
}
