using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Storage.Queues;
using Baton.Abstractions;
using Baton.Runtime.Events;
using Microsoft.Extensions.Logging;

namespace Baton.Runtime.Pools;

/// <summary>Applies the reports replicas put on the results queue, through the same reading and checking as the webhook
/// (<see cref="TaskEventBatch"/>), and deletes each message once it has been applied or refused.</summary>
/// <remarks>A message that is not a report, or a report without its attempt's reply token, is logged and deleted: it changes
/// nothing. A message the backend could not take (it was stopping, or storage failed) is left to reappear.</remarks>
internal sealed class PoolResultsRelay(IWorkflowBackend backend, ILogger logger)
{
    private static readonly KeyValuePair<string, string>[] Headers = [new("content-type", "application/cloudevents+json")];

    /// <summary>Takes up to 32 reports off the queue and applies them; returns how many messages it took.</summary>
    public async Task<int> RelayAsync(QueueClient results, CancellationToken cancellationToken)
    {
        var messages = (await results.ReceiveMessagesAsync(32, TimeSpan.FromMinutes(1), cancellationToken).ConfigureAwait(false)).Value;
        foreach (var message in messages)
        {
            JsonNode? body;
            try
            {
                body = JsonNode.Parse(message.MessageText);
            }
            catch (JsonException ex)
            {
                logger.LogWarning("A pool report was not JSON and was dropped: {Reason}", ex.Message);
                await results.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken).ConfigureAwait(false);
                continue;
            }
            var batch = TaskEventBatch.Read(Headers, body, backend.ReplyTokens);
            if (batch.Problems.Count > 0 || batch.Refusals.Count > 0)
            {
                logger.LogWarning("A pool report was refused and dropped: {Reasons}", string.Join(" ", batch.Problems.Concat(batch.Refusals)));
            }
            else
            {
                var (_, ignored) = await batch.ApplyAsync(backend, cancellationToken).ConfigureAwait(false);
                foreach (var reason in ignored)
                {
                    logger.LogInformation("A pool report changed nothing: {Reason}", reason?["reason"]?.GetValue<string>());
                }
            }
            await results.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken).ConfigureAwait(false);
        }
        return messages.Length;
    }
}
