using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Baton.Core.Definitions.Triggers;

namespace Baton.ControlPlane.Triggers;

/// <summary>Starts one instance per message of a queue trigger's queue, deleting each message only once its start is committed.</summary>
/// <remarks>Messages are taken with a visibility timeout, so one a crashed host took comes back; its instance id is fixed by
/// the message id, so it then starts nothing new and is deleted. A message taken more than <c>max_dequeue</c> times is moved
/// to <c>&lt;queue&gt;-poison</c> (created when needed) with its content unchanged; one that fails to start comes back after
/// 1 s, 2 s, 4 s ... (at most the visibility timeout, 30 s).</remarks>
public static class QueueMessages
{
    /// <summary>How long a taken message stays hidden before it may be taken again.</summary>
    public static readonly TimeSpan Visibility = TimeSpan.FromSeconds(30);

    private const int MaxPerLook = 256;

    /// <summary>Takes and starts the queue's waiting messages (at most 256 per look); returns how many instances it started.</summary>
    /// <exception cref="RequestFailedException">The queue cannot be read (missing, no access); nothing was taken.</exception>
    public static async Task<(int Started, int Poisoned)> RunAsync(Operations operations, LiveTrigger live, QueueServiceClient service, DateTimeOffset now,
        Action<string, Exception> failed, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(operations);
        ArgumentNullException.ThrowIfNull(live);
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(failed);
        var trigger = (QueueTrigger)live.Trigger;
        var queue = service.GetQueueClient(trigger.Queue);
        var (started, poisoned, taken) = (0, 0, 0);
        while (taken < MaxPerLook)
        {
            var batch = (await queue.ReceiveMessagesAsync(32, Visibility, ct).ConfigureAwait(false)).Value;
            if (batch.Length == 0)
            {
                break;
            }
            taken += batch.Length;
            foreach (var message in batch)
            {
                if (message.DequeueCount > trigger.MaxDequeue)
                {
                    var poison = service.GetQueueClient(trigger.Queue + "-poison");
                    await poison.CreateIfNotExistsAsync(cancellationToken: ct).ConfigureAwait(false);
                    await poison.SendMessageAsync(message.MessageText, ct).ConfigureAwait(false);
                    await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, ct).ConfigureAwait(false);
                    poisoned++;
                    continue;
                }
                try
                {
                    if (await TriggerStarts.StartAsync(operations, live, TriggerIds.MessageKey(message.MessageId), Fired(trigger, message), now, ct).ConfigureAwait(false))
                    {
                        started++;
                    }
                }
#pragma warning disable CA1031 // A message that cannot start stays on the queue; after max_dequeue tries it is moved aside.
                catch (Exception ex) when (ex is not OperationCanceledException)
#pragma warning restore CA1031
                {
                    failed(message.MessageId, ex);
                    // Try it again soon, then less and less often: 1 s, 2 s, 4 s ... up to the visibility timeout.
                    var retryIn = TimeSpan.FromSeconds(Math.Min(Visibility.TotalSeconds, Math.Pow(2, Math.Min(message.DequeueCount - 1, 10))));
                    await queue.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: retryIn, cancellationToken: ct).ConfigureAwait(false);
                    continue;
                }
                await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, ct).ConfigureAwait(false);
            }
        }
        return (started, poisoned);
    }

    private static JsonObject Fired(QueueTrigger trigger, QueueMessage message) => new()
    {
        ["queue"] = trigger.Queue,
        ["message"] = Content(trigger.Base64 ? Decoded(message.MessageText) : message.MessageText),
        ["message_id"] = message.MessageId,
        ["dequeue_count"] = message.DequeueCount,
        ["inserted_at"] = message.InsertedOn?.ToString("O", CultureInfo.InvariantCulture),
    };

    private static string Decoded(string text)
    {
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(Convert.FromBase64String(text));
        }
        catch (Exception ex) when (ex is FormatException or DecoderFallbackException)
        {
            return text;
        }
    }

    /// <summary>A message's JSON, or its text as a string when it is not JSON.</summary>
    private static JsonNode? Content(string text)
    {
        try
        {
            return Core.ValueLimits.Parse(text);
        }
        catch (System.Text.Json.JsonException)
        {
            return JsonValue.Create(text);
        }
    }
}
