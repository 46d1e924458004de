using System.Text.Json.Nodes;
using Azure;
using Azure.Core;
using Azure.Identity;
using Azure.Messaging;
using Azure.Messaging.EventGrid;
using Baton.Core.Expressions;
using Baton.Abstractions;

namespace Baton.Runtime.Runners;

/// <summary>The built-in <c>keptn-event</c>: publishes a Keptn lifecycle CloudEvent (a sequence's <c>.started</c> or
/// <c>.finished</c>) to the endpoint the app settings name.</summary>
/// <remarks>
/// <para>Input: <c>type</c> (the CloudEvents type, e.g. <c>sh.keptn.event.dev.delivery.finished</c>), <c>data</c>
/// (an object), and optionally <c>result</c> and <c>status</c> (copied into <c>data</c>, as Keptn's <c>.finished</c>
/// carries them). The event's id is <c>instance/step</c>, the same on every attempt and redelivery, so a receiver
/// that drops repeated ids sees each event once; <c>shkeptncontext</c> is the instance id (or the input's
/// <c>data.shkeptncontext</c>), and <c>triggeredid</c> the input's <c>data.triggeredid</c> when given.</para>
/// <para>App settings, read at each attempt: <see cref="EndpointSetting"/> (an Event Grid topic or any endpoint that
/// takes CloudEvents batches); <see cref="KeySetting"/> (the topic key, sent as <c>aeg-sas-key</c>; without it the
/// host's Azure identity is used). No endpoint: nothing is published and the output says so. An endpoint that
/// refuses with 4xx other than 408 and 429 fails the attempt for good; other failures are retryable.</para>
/// </remarks>
public static class KeptnEvents
{
    /// <summary>The function's name.</summary>
    public const string Name = "keptn-event";

    /// <summary>The app setting naming where lifecycle events go.</summary>
    public const string EndpointSetting = "BATON_KEPTN_EVENTS_ENDPOINT";

    /// <summary>The app setting holding that endpoint's key.</summary>
    public const string KeySetting = "BATON_KEPTN_EVENTS_KEY";

    private static readonly Lazy<TokenCredential> Identity = new(() => new DefaultAzureCredential());

    /// <summary>Publishes the event the attempt's input describes; returns what was published, or why nothing was.</summary>
    /// <exception cref="NonRetryableTaskException">The input or the endpoint setting is unusable, or the endpoint refused the event.</exception>
    public static async Task<JsonNode?> PublishAsync(TaskContext ctx, CancellationToken ct)
    {
        if (ctx.Input is not JsonObject input || Values.Text(input["type"]) is not { Length: > 0 } type || input["data"] is not (JsonObject or null))
        {
            throw new NonRetryableTaskException("keptn-event needs 'type' (the CloudEvents type) and 'data' (an object).");
        }
        var data = input["data"]?.DeepClone().AsObject() ?? [];
        foreach (var field in new[] { "result", "status" })
        {
            if (input[field] is { } value)
            {
                data[field] = value.DeepClone();
            }
        }
        var id = $"{ctx.InstanceId}/{ctx.StepId}";
        if (ctx.AppSetting?.Invoke(EndpointSetting) is not { Length: > 0 } endpointText)
        {
            return new JsonObject { ["published"] = false, ["type"] = type, ["id"] = id, ["reason"] = $"{EndpointSetting} is not set." };
        }
        if (!Uri.TryCreate(endpointText, UriKind.Absolute, out var endpoint) || endpoint.Scheme is not ("http" or "https"))
        {
            throw new NonRetryableTaskException($"{EndpointSetting} is '{endpointText}': give the http(s) address of an Event Grid topic or CloudEvents receiver.");
        }
        var key = ctx.AppSetting(KeySetting);
        if (key is not { Length: > 0 } && endpoint.Scheme != Uri.UriSchemeHttps)
        {
            throw new NonRetryableTaskException($"{EndpointSetting} is '{endpointText}' without {KeySetting}: publishing with the host's identity needs https.");
        }
        var e = new CloudEvent("baton", type, new BinaryData(data.ToJsonString()), "application/json", CloudEventDataFormat.Json) { Id = id, Subject = ctx.InstanceId };
        e.ExtensionAttributes["shkeptncontext"] = Values.Text(data["shkeptncontext"]) is { Length: > 0 } context ? context : ctx.InstanceId;
        if (Values.Text(data["triggeredid"]) is { Length: > 0 } triggered)
        {
            e.ExtensionAttributes["triggeredid"] = triggered;
        }
        var options = new EventGridPublisherClientOptions();
        options.Retry.MaxRetries = 0; // the step's retry policy owns retries
        var client = key is { Length: > 0 }
            ? new EventGridPublisherClient(endpoint, new AzureKeyCredential(key), options)
            : new EventGridPublisherClient(endpoint, Identity.Value, options);
        try
        {
            await client.SendEventAsync(e, ct).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status >= 400 && !TaskResult.IsTransient(ex.Status))
        {
            throw new NonRetryableTaskException($"{endpoint.GetLeftPart(UriPartial.Path)} refused {type} with {ex.Status}: {ex.Message.Split('\n')[0]}");
        }
        return new JsonObject { ["published"] = true, ["type"] = type, ["id"] = id };
    }
}
