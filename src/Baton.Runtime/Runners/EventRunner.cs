using System.Text.Json.Nodes;
using Azure;
using Azure.Core.Pipeline;
using Azure.Messaging;
using Azure.Messaging.EventGrid;
using Baton.Core.Expressions;
using Baton.Runtime.Catalog;
using Baton.Abstractions;

namespace Baton.Runtime.Runners;

/// <summary>Hands tasks to services in any language by publishing a <c>&lt;task&gt;.triggered</c> CloudEvent with the
/// Event Grid client; the service's <c>.started</c>, <c>.status.changed</c> and <c>.finished</c> events come back
/// through the host's webhook.</summary>
/// <remarks>The event's id and subject are the attempt's idempotency key (<c>instance/step/attempt</c>), so a
/// redelivery carries the same id and a service can drop repeats. Extension attributes: <c>batoninstanceid</c>,
/// <c>batonstepid</c>, <c>batonattempt</c>, <c>batontoken</c> (the reply token every report must carry back, see
/// <see cref="Abstractions.ReplyTokens"/>), and the attempt's W3C <c>traceparent</c>. The topic key is read from the
/// app settings at each dispatch and is never stored or logged. A 4xx answer other than 408 and 429 fails the
/// attempt for good; other failures are retryable. A <c>format: protobuf</c> binding sends a <c>baton.task.v1.TaskRequest</c>
/// as the event's binary data (<c>data_base64</c>, content type <c>application/protobuf</c>); its service may report with a
/// <c>TaskResult</c> the same way (see <see cref="Events.TaskEventReader"/>).</remarks>
public sealed class EventRunner : ITaskRunner, IDisposable
{
    private readonly Func<string, string?> _settings;
    private readonly HttpClient _public = new(GuardedConnect.Handler(_ => false)) { Timeout = Timeout.InfiniteTimeSpan };
    private readonly HttpClient _private = new(GuardedConnect.Handler(_ => true)) { Timeout = Timeout.InfiniteTimeSpan };

    /// <summary>Creates the runner; <paramref name="settings"/> looks up app settings (keys) by name.</summary>
    public EventRunner(Func<string, string?> settings) => _settings = settings;

    /// <inheritdoc />
    public bool CanRun(TaskBinding binding) => binding is EventBinding;

    /// <inheritdoc />
    public async Task<TaskResult> RunAsync(TaskBinding binding, TaskContext context, CancellationToken cancellationToken)
    {
        var b = (EventBinding)binding;
        if (Settled(context, $"'{b.Name}' is handed to a service that reports back by event") is { } settled)
        {
            return settled;
        }
        var (key, notAllowed) = BindingSecrets.Read(_settings, b.Name, b.KeySetting, "the key");
        if (notAllowed is not null)
        {
            return notAllowed;
        }
        var ctx = context.TemplateContext();
        Uri endpoint;
        CloudEvent triggered;
        try
        {
            var (uri, invalid) = GuardedConnect.HttpUrl(b.Endpoint.EvaluateUrl(ctx));
            if (uri is null)
            {
                return invalid!;
            }
            endpoint = uri;
            triggered = Triggered(b.Source, b.EventType, b.Format, context, b.Data is { } data ? data.Evaluate(ctx) : context.Input);
        }
        catch (ExpressionException ex)
        {
            return TaskResult.Fail("ExpressionError", ex.Message, retryable: false);
        }
        // Retries belong to the step's retry policy, so the client itself does not retry.
        var options = new EventGridPublisherClientOptions { Transport = new HttpClientTransport(b.AllowPrivateNetwork ? _private : _public) };
        options.Retry.MaxRetries = 0;
        var client = new EventGridPublisherClient(endpoint, new AzureKeyCredential(key!), options);
        try
        {
            await client.SendEventAsync(triggered, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (GuardedConnect.Refusal(ex) is { } refused)
        {
            return TaskResult.Fail("AddressRefused", refused.Message, retryable: false);
        }
        catch (RequestFailedException ex)
        {
            var status = ex.Status;
            var retryable = TaskResult.IsTransient(status);
            return TaskResult.Fail("EventPublishFailed", $"Publishing {b.TriggeredType} to {endpoint.GetLeftPart(UriPartial.Path)} failed" +
                (status > 0 ? $" with {status}" : "") + $": {ex.Message.Split('\n')[0]}", retryable);
        }
        return TaskResult.HandedOver(b.RedeliverAfter);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _public.Dispose();
        _private.Dispose();
    }

    /// <summary>What an attempt handed to a service that reports back comes to before it is handed over: still handed over when the
    /// service already took it (only its report or the step's timeout ends it now), a failure when nothing here can receive
    /// reports, else null (hand it over).</summary>
    internal static TaskResult? Settled(TaskContext context, string what) =>
        context.Acknowledged ? TaskResult.HandedOver(Timeout.InfiniteTimeSpan)
        : context.ReplyTokens is null ? TaskResult.Fail("NoReplyChannel", $"{what}, and nothing here can receive its reports.", retryable: false)
        : null;

    /// <summary>The <c>&lt;eventType&gt;.triggered</c> CloudEvent that hands an attempt to a service: its data as JSON or, for a
    /// protobuf task, the envelope's request; its id, subject and extensions name the attempt and carry its reply token.</summary>
    /// <remarks>The one way an attempt is handed over, for event tasks and for service pools' queues.</remarks>
    internal static CloudEvent Triggered(string source, string eventType, TaskFormat format, TaskContext context, JsonNode? data)
    {
        var type = eventType + ".triggered";
        var e = format.IsProtobuf
            ? new CloudEvent(source, type, new BinaryData(Envelope.TaskEnvelope.Request(context, data, format.InputMessage)),
                Envelope.TaskEnvelope.ContentType, CloudEventDataFormat.Binary)
            : new CloudEvent(source, type, new BinaryData(data?.ToJsonString() ?? "null"), "application/json", CloudEventDataFormat.Json);
        e.Id = context.IdempotencyKey;
        e.Subject = context.IdempotencyKey;
        e.ExtensionAttributes["batoninstanceid"] = context.InstanceId;
        e.ExtensionAttributes["batonstepid"] = context.StepId;
        e.ExtensionAttributes["batonattempt"] = context.Attempt;
        e.ExtensionAttributes[Abstractions.ReplyTokens.Attribute] = context.ReplyTokens!.Issue(context.IdempotencyKey, eventType);
        if (context.OutgoingTraceParent is { } traceParent)
        {
            e.ExtensionAttributes["traceparent"] = traceParent;
        }
        return e;
    }
}
