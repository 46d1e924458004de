using System.Text.Json;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Baton.Core.Engine;

namespace Baton.Durable;

/// <summary>Worker pools on the Durable backend: the attempts of a task whose binding names a pool go onto that pool's
/// Storage queue, and only workers that serve the pool (<see cref="PoolWorker"/>) take them from there.</summary>
/// <remarks>An activity cannot be routed to chosen workers (any worker of a task hub runs any activity), so a pooled
/// attempt is handed over like an event task's: the activity enqueues it and returns <c>handed</c>, the orchestrator
/// waits for the attempt's report, and the pool worker that ran it raises the report. The step's timeout bounds the wait,
/// also when no worker serves the pool. One queue per hub and pool: <c>{hub}-pool-{pool}</c>.</remarks>
public sealed class PoolQueues(QueueServiceClient service, string taskHub)
{
    /// <summary>The longest queue name Azure Storage accepts.</summary>
    private const int MaxQueueName = 63;

    /// <summary>The queue of a pool in this hub.</summary>
    public QueueClient Queue(string pool) => service.GetQueueClient(QueueName(taskHub, pool));

    /// <summary>The name of a pool's queue: the hub's name in lowercase (shortened when the whole would be too long), then <c>-pool-</c> and the pool.</summary>
    /// <remarks>Pool names are lowercase letters, digits and '-' (at most 40); task hub names are letters and digits.</remarks>
    public static string QueueName(string taskHub, string pool)
    {
        ArgumentNullException.ThrowIfNull(taskHub);
        ArgumentNullException.ThrowIfNull(pool);
        var suffix = $"-pool-{pool}";
        var hub = taskHub.ToLowerInvariant();
        return hub[..Math.Min(hub.Length, MaxQueueName - suffix.Length)] + suffix;
    }

    /// <summary>Puts an attempt on its pool's queue (made on first use).</summary>
    public async Task EnqueueAsync(string pool, TaskActivityInput input, CancellationToken cancellationToken)
    {
        var queue = Queue(pool);
        var body = BinaryData.FromBytes(JsonSerializer.SerializeToUtf8Bytes(input, EngineJson.Options));
        try
        {
            await queue.SendMessageAsync(body, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (Azure.RequestFailedException ex) when (ex.ErrorCode == QueueErrorCode.QueueNotFound)
        {
            await queue.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            await queue.SendMessageAsync(body, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Reads an attempt a queue message carries.</summary>
    public static TaskActivityInput Read(QueueMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return JsonSerializer.Deserialize<TaskActivityInput>(message.Body.ToMemory().Span, EngineJson.Options)
            ?? throw new JsonException("The pool message is empty.");
    }
}
