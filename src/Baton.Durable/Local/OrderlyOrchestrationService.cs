using DurableTask.Core;
using DurableTask.Core.History;

namespace Baton.Durable.Local;

/// <summary>The sidecar's dispatcher view of an orchestration service, which makes start and stop safe in any order.</summary>
/// <remarks>The sidecar starts its dispatcher only once a worker connects, and stops it from an <c>async void</c>
/// callback when the host stops. A stop that arrives before the start has finished (a short-lived process, or one whose
/// worker never connected) made <c>AzureStorageOrchestrationService.StopAsync</c> throw a NullReferenceException on a
/// thread-pool thread, which ends the whole process. Here a stop waits for a start under way, a stop before any start
/// does nothing, and a start after a stop is refused quietly.
/// <para>Two more repairs at the completion of an orchestration work item, before the backend stores it: the sidecar
/// records a sub-orchestration's creation as its own subclass of <see cref="SubOrchestrationInstanceCreatedEvent"/>,
/// which carries no data contract, so the Azure Storage provider wrote it as a row with no event type and could never
/// load the parent's history again; it is replaced by the framework's own event with the same data (all but the trace
/// context); and a child's start message carries its tags in a protobuf map, whose type name the provider writes into
/// the queue message and cannot load back, so the child never started: the tags become a plain dictionary. And
/// <paramref name="completed"/> is told of each completed history, for a backend that keeps none a client
/// can read (the in-memory one). Every other member is passed through unchanged.</para></remarks>
internal sealed class OrderlyOrchestrationService(IOrchestrationService inner, Action<OrchestrationRuntimeState>? completed = null) : IOrchestrationService
{
    private readonly Lock _gate = new();
    private Task? _starting;
    private bool _stopped;

    /// <inheritdoc />
    public Task StartAsync()
    {
        lock (_gate)
        {
            if (_stopped)
            {
                return Task.CompletedTask;
            }
            return _starting ??= inner.StartAsync();
        }
    }

    /// <inheritdoc />
    public Task StopAsync() => StopAsync(isForced: false);

    /// <inheritdoc />
    public async Task StopAsync(bool isForced)
    {
        Task? starting;
        lock (_gate)
        {
            if (_stopped)
            {
                return;
            }
            _stopped = true;
            starting = _starting;
        }
        if (starting is null)
        {
            return;
        }
        try
        {
            await starting.ConfigureAwait(false);
        }
        catch (Exception)
        {
            // A start that failed left nothing running to stop; its own caller saw the error.
            return;
        }
        await inner.StopAsync(isForced).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task CreateAsync() => inner.CreateAsync();

    /// <inheritdoc />
    public Task CreateAsync(bool recreateInstanceStore) => inner.CreateAsync(recreateInstanceStore);

    /// <inheritdoc />
    public Task CreateIfNotExistsAsync() => inner.CreateIfNotExistsAsync();

    /// <inheritdoc />
    public Task DeleteAsync() => inner.DeleteAsync();

    /// <inheritdoc />
    public Task DeleteAsync(bool deleteInstanceStore) => inner.DeleteAsync(deleteInstanceStore);

    /// <inheritdoc />
    public bool IsMaxMessageCountExceeded(int currentMessageCount, OrchestrationRuntimeState runtimeState) =>
        inner.IsMaxMessageCountExceeded(currentMessageCount, runtimeState);

    /// <inheritdoc />
    public int GetDelayInSecondsAfterOnProcessException(Exception exception) => inner.GetDelayInSecondsAfterOnProcessException(exception);

    /// <inheritdoc />
    public int GetDelayInSecondsAfterOnFetchException(Exception exception) => inner.GetDelayInSecondsAfterOnFetchException(exception);

    /// <inheritdoc />
    public int TaskOrchestrationDispatcherCount => inner.TaskOrchestrationDispatcherCount;

    /// <inheritdoc />
    public int MaxConcurrentTaskOrchestrationWorkItems => inner.MaxConcurrentTaskOrchestrationWorkItems;

    /// <inheritdoc />
    public BehaviorOnContinueAsNew EventBehaviourForContinueAsNew => inner.EventBehaviourForContinueAsNew;

    /// <inheritdoc />
    public Task<TaskOrchestrationWorkItem> LockNextTaskOrchestrationWorkItemAsync(TimeSpan receiveTimeout, CancellationToken cancellationToken) =>
        inner.LockNextTaskOrchestrationWorkItemAsync(receiveTimeout, cancellationToken);

    /// <inheritdoc />
    public Task RenewTaskOrchestrationWorkItemLockAsync(TaskOrchestrationWorkItem workItem) => inner.RenewTaskOrchestrationWorkItemLockAsync(workItem);

    /// <inheritdoc />
    public async Task CompleteTaskOrchestrationWorkItemAsync(TaskOrchestrationWorkItem workItem, OrchestrationRuntimeState newOrchestrationRuntimeState,
        IList<TaskMessage> outboundMessages, IList<TaskMessage> orchestratorMessages, IList<TaskMessage> timerMessages,
        TaskMessage continuedAsNewMessage, OrchestrationState orchestrationState)
    {
        ArgumentNullException.ThrowIfNull(newOrchestrationRuntimeState);
        Storable(newOrchestrationRuntimeState.Events);
        Storable(newOrchestrationRuntimeState.NewEvents);
        foreach (var message in orchestratorMessages ?? [])
        {
            if (message.Event is ExecutionStartedEvent started)
            {
                // A child's start: the sidecar fills its tags with a protobuf map, whose type name the provider writes into
                // the queue message and then cannot load, so the child never started.
                started.Tags = Plain(started.Tags);
            }
        }
        await inner.CompleteTaskOrchestrationWorkItemAsync(workItem, newOrchestrationRuntimeState, outboundMessages, orchestratorMessages, timerMessages,
            continuedAsNewMessage, orchestrationState).ConfigureAwait(false);
        completed?.Invoke(newOrchestrationRuntimeState);
    }

    private static Dictionary<string, string>? Plain(IDictionary<string, string>? tags) => tags is null ? null : new(tags, StringComparer.Ordinal);

    /// <summary>Replaces events the backend cannot store with the framework's own equivalents.</summary>
    private static void Storable(IList<HistoryEvent> events)
    {
        for (var i = 0; i < events.Count; i++)
        {
            if (events[i] is SubOrchestrationInstanceCreatedEvent e && e.GetType() != typeof(SubOrchestrationInstanceCreatedEvent))
            {
                events[i] = new SubOrchestrationInstanceCreatedEvent(e.EventId)
                {
                    Name = e.Name, Version = e.Version, InstanceId = e.InstanceId, Input = e.Input, Timestamp = e.Timestamp, IsPlayed = e.IsPlayed,
                    Tags = Plain(e.Tags), ClientSpanId = e.ClientSpanId,
                };
            }
        }
    }

    /// <inheritdoc />
    public Task AbandonTaskOrchestrationWorkItemAsync(TaskOrchestrationWorkItem workItem) => inner.AbandonTaskOrchestrationWorkItemAsync(workItem);

    /// <inheritdoc />
    public Task ReleaseTaskOrchestrationWorkItemAsync(TaskOrchestrationWorkItem workItem) => inner.ReleaseTaskOrchestrationWorkItemAsync(workItem);

    /// <inheritdoc />
    public int TaskActivityDispatcherCount => inner.TaskActivityDispatcherCount;

    /// <inheritdoc />
    public int MaxConcurrentTaskActivityWorkItems => inner.MaxConcurrentTaskActivityWorkItems;

    /// <inheritdoc />
    public Task<TaskActivityWorkItem> LockNextTaskActivityWorkItem(TimeSpan receiveTimeout, CancellationToken cancellationToken) =>
        inner.LockNextTaskActivityWorkItem(receiveTimeout, cancellationToken);

    /// <inheritdoc />
    public Task<TaskActivityWorkItem> RenewTaskActivityWorkItemLockAsync(TaskActivityWorkItem workItem) => inner.RenewTaskActivityWorkItemLockAsync(workItem);

    /// <inheritdoc />
    public Task CompleteTaskActivityWorkItemAsync(TaskActivityWorkItem workItem, TaskMessage responseMessage) =>
        inner.CompleteTaskActivityWorkItemAsync(workItem, responseMessage);

    /// <inheritdoc />
    public Task AbandonTaskActivityWorkItemAsync(TaskActivityWorkItem workItem) => inner.AbandonTaskActivityWorkItemAsync(workItem);
}
