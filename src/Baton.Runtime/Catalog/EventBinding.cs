using Baton.Core.Expressions;

namespace Baton.Runtime.Catalog;

/// <summary>Hands the task to a service in any language by publishing a <c>&lt;task&gt;.triggered</c> CloudEvent; the
/// service answers with <c>.started</c>, <c>.status.changed</c> and <c>.finished</c> events to the host's webhook.</summary>
/// <remarks>The event goes to <see cref="Endpoint"/> (an Event Grid topic or the service itself) with the key named by
/// <see cref="KeySetting"/>, resolved from the app settings at dispatch and never stored. Its id and subject are the
/// attempt's idempotency key. Until the service says <c>.started</c> (or finishes), the event is published again
/// every <see cref="RedeliverAfter"/>; the step's <c>timeout</c> bounds the whole attempt.</remarks>
public sealed record EventBinding(string Name, Template Endpoint, string EventType, string KeySetting, string Source,
    TemplateTree? Data, TimeSpan RedeliverAfter, bool AllowPrivateNetwork, TimeSpan? Timeout) : TaskBinding(Name, Timeout)
{
    /// <summary>The CloudEvents type of the event that hands a task over.</summary>
    public string TriggeredType => EventType + ".triggered";
}
