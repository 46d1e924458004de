using Microsoft.Extensions.Logging;

namespace Baton.Durable;

/// <summary>The Durable backend's log messages, source-generated with stable event ids.</summary>
internal static partial class Logs
{
    [LoggerMessage(EventId = 3000, Level = LogLevel.Warning, Message = "Worker pool {Pool}: its queue cannot be read ({Reason}); trying again")]
    public static partial void PoolQueueUnavailable(ILogger logger, string pool, string reason);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Error, Message = "Worker pool {Pool}: message {MessageId} is not an attempt ({Reason}); it is dropped")]
    public static partial void PoolMessageUnreadable(ILogger logger, string pool, string messageId, string reason);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Warning, Message = "Worker pool {Pool}: the attempt in message {MessageId} was not reported ({Reason}); it reappears after its lease")]
    public static partial void PoolAttemptNotReported(ILogger logger, string pool, string messageId, string reason);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Warning, Message = "Worker pool {Pool}: the lease on message {MessageId} was lost ({Reason}); another worker may run the attempt too")]
    public static partial void PoolLeaseLost(ILogger logger, string pool, string messageId, string reason);
}
