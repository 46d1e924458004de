using Microsoft.Extensions.Logging;

namespace Baton.Embedded;

/// <summary>The embedded backend's log messages, source-generated with stable event ids.</summary>
internal static partial class Logs
{
    [LoggerMessage(EventId = 1000, Level = LogLevel.Information, Message = "Task hub started as {Owner}")]
    public static partial void HubStarted(ILogger logger, string owner);

    [LoggerMessage(EventId = 1016, Level = LogLevel.Information, Message = "Stopping: waiting up to {Timeout} for {Count} running task attempt(s)")]
    public static partial void Draining(ILogger logger, int count, TimeSpan timeout);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Error, Message = "Background loop {Loop} failed; restarting it in {Delay}")]
    public static partial void LoopFailed(ILogger logger, Exception exception, string loop, TimeSpan delay);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Error, Message = "Committing a batch of {Count} events failed; their work stays in the outbox")]
    public static partial void CommitFailed(ILogger logger, Exception exception, int count);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Warning, Message = "Attempt {Attempt} of step {StepId} in instance {InstanceId} failed: [{Code}] {Message}")]
    public static partial void AttemptFailed(ILogger logger, string instanceId, string stepId, int attempt, string code, string message);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Error, Message = "A change subscriber failed on instance {InstanceId}; the hub goes on")]
    public static partial void SubscriberFailed(ILogger logger, Exception exception, string instanceId);

    [LoggerMessage(EventId = 1006, Level = LogLevel.Error, Message = "Could not apply {Event} to instance {InstanceId}; it stays queued and will be retried")]
    public static partial void EventFailed(ILogger logger, Exception exception, string @event, string instanceId);

    [LoggerMessage(EventId = 1007, Level = LogLevel.Information, Message = "Attempt {Attempt} of step {StepId} in instance {InstanceId} was handed to its service; waiting for its report")]
    public static partial void AttemptHanded(ILogger logger, string instanceId, string stepId, int attempt);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Information, Message = "Recovered work item {WorkId} (delivery {Count})")]
    public static partial void WorkRecovered(ILogger logger, string workId, int count);
}
