using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Text.Json.Nodes;
using Baton.Core.Engine;
using Baton.Runtime.Backends;
using Baton.Runtime.Events;
using Baton.Runtime.Hub;
using Baton.Runtime.Runners;
using Baton.Runtime.Store;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace Baton.Durable.Local;

/// <summary>The Durable backend behind the control plane (<c>baton serve --backend durable</c>): this process is one worker
/// of the task hub (its own sidecar on Azure Storage), and the routes start, read, control and list instances through
/// the Durable Task client, with the registry in the hub's Blob container.</summary>
/// <remarks>What differs from the embedded hub, by the nature of the framework:
/// <list type="bullet">
/// <item>An instance's state is what Durable keeps: status, input, output, error and each step's status and attempt (the
/// orchestrator's custom status), not each step's input and output.</item>
/// <item>There is no engine history of Baton's own (the events are in the orchestration's history):
/// <see cref="ReadHistoryAsync"/> says so (501 on the route).</item>
/// <item>Live changes are observed by polling the hub's instances every <see cref="PollInterval"/> while a stream is open.</item>
/// <item>A listing comes a Durable page at a time, sorted newest first within the page.</item>
/// </list></remarks>
public sealed class DurableTaskBackend(DurableSidecarOptions options, FunctionRegistry functions, Func<string, string?> appSetting, ILoggerFactory loggerFactory)
    : IWorkflowBackend
{
    /// <summary>How often instances are read for live changes while a stream listens.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(300);

    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<string, InstanceState> _seen = new(StringComparer.Ordinal);
    private LocalDurableBackend? _backend;
    private Task _poller = Task.CompletedTask;
    private Action<HubChange>? _changed;
    private int _disposed;

    private LocalDurableBackend Local => _backend ?? throw new InvalidOperationException("Call StartAsync before using the backend.");

    private DurableTaskClient Client => Local.Workflows.Client;

    /// <inheritdoc />
    public string Name => "durable";

    /// <inheritdoc />
    public Registry Registry => Local.Registry;

    /// <inheritdoc />
    public IEnumerable<string> FunctionNames => functions.Names;

    /// <inheritdoc />
    public ReplyTokens ReplyTokens => Local.ReplyTokens;

    /// <inheritdoc />
    public event Action<HubChange>? Changed
    {
        add => _changed += value;
        remove => _changed -= value;
    }

    /// <inheritdoc />
    /// <exception cref="Runtime.Data.StorageUnavailableException">Storage cannot be reached; the message says how to start Azurite.</exception>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _backend = await LocalDurableBackend.StartAsync(options, functions, appSetting, loggerFactory, null, cancellationToken).ConfigureAwait(false);
        _poller = Task.Run(() => PollAsync(_stopping.Token), CancellationToken.None);
    }

    /// <inheritdoc />
    public Task<string> StartInstanceAsync(StartRequest request, CancellationToken cancellationToken) => Local.Workflows.StartAsync(request, cancellationToken);

    /// <inheritdoc />
    public async Task<InstanceState?> GetStateAsync(string instanceId, CancellationToken cancellationToken) =>
        await Client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, cancellationToken).ConfigureAwait(false) is { } metadata ? ToState(metadata) : null;

    /// <inheritdoc />
    public Task<JsonNode?> ReadValueAsync(string instanceId, JsonNode? value, CancellationToken cancellationToken) =>
        Runtime.Data.BlobClaimCheck.ReadBackAsync(Local.Workflows.Data, instanceId, value, cancellationToken, lenient: true);

    /// <inheritdoc />
    public async Task<InstanceState> WaitForCompletionAsync(string instanceId, CancellationToken cancellationToken) =>
        ToState(await Client.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: true, cancellationToken).ConfigureAwait(false));

    /// <inheritdoc />
    public Task<bool> TerminateAsync(string instanceId, string reason, CancellationToken cancellationToken) =>
        WhenAsync(instanceId, s => s is InstanceStatus.Running or InstanceStatus.Pending or InstanceStatus.Suspended,
            () => Client.TerminateInstanceAsync(instanceId, reason, cancellationToken), cancellationToken);

    /// <inheritdoc />
    public Task<bool> SuspendAsync(string instanceId, string reason, CancellationToken cancellationToken) =>
        WhenAsync(instanceId, s => s is InstanceStatus.Running or InstanceStatus.Pending, () => Client.SuspendInstanceAsync(instanceId, reason, cancellationToken), cancellationToken);

    /// <inheritdoc />
    public Task<bool> ResumeAsync(string instanceId, string reason, CancellationToken cancellationToken) =>
        WhenAsync(instanceId, s => s == InstanceStatus.Suspended, () => Client.ResumeInstanceAsync(instanceId, reason, cancellationToken), cancellationToken);

    /// <inheritdoc />
    public Task<bool> RewindAsync(string instanceId, string reason, CancellationToken cancellationToken) => Local.Workflows.RewindAsync(instanceId, reason, cancellationToken);

    /// <inheritdoc />
    public Task<bool> RaiseEventAsync(string instanceId, string name, JsonNode? data, CancellationToken cancellationToken) =>
        WhenAsync(instanceId, s => !s.IsFinal(), () => Local.Workflows.RaiseEventAsync(instanceId, name, data, cancellationToken), cancellationToken);

    /// <inheritdoc />
    /// <remarks>See <see cref="DurableWorkflowClient.ReportAsync"/>: false for a finished instance, an attempt its status shows
    /// ended, or a repeated <c>.finished</c>.</remarks>
    public Task<bool> ReportAsync(string instanceId, TaskReport report, CancellationToken cancellationToken) =>
        Local.Workflows.ReportAsync(instanceId, report, cancellationToken);

    /// <inheritdoc />
    public async Task<bool?> PurgeAsync(string instanceId, CancellationToken cancellationToken)
    {
        var state = await Client.GetInstanceAsync(instanceId, getInputsAndOutputs: false, cancellationToken).ConfigureAwait(false);
        if (state is null)
        {
            return null;
        }
        if (!DurableInstance.From(state).Status.IsFinal())
        {
            return false;
        }
        _seen.TryRemove(instanceId, out _);
        return await Local.Workflows.PurgeAsync(instanceId, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task<int> PurgeAsync(InstanceQuery query, CancellationToken cancellationToken) => this.PurgeEachAsync(query, cancellationToken);

    /// <inheritdoc />
    public async Task<IReadOnlyList<InstanceSummary>> ListInstancesAsync(InstanceQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var filter = new OrchestrationQuery
        {
            CreatedFrom = query.CreatedFrom,
            CreatedTo = query.CreatedTo,
            Statuses = query.Statuses?.Select(ToRuntimeStatus).ToList(),
            PageSize = query.MaxCount,
            ContinuationToken = query.ContinuationToken,
            FetchInputsAndOutputs = true,
            InstanceIdPrefix = query.InstanceIdPrefix ?? query.InstanceId,
        };
        Microsoft.DurableTask.Page<OrchestrationMetadata>? page;
        try
        {
            page = await FirstPageAsync(filter, query.ContinuationToken, query.MaxCount, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (query.ContinuationToken is not null && ex is FormatException or ArgumentException or Grpc.Core.RpcException)
        {
            throw new InvalidContinuationTokenException(query.ContinuationToken, ex);
        }
        var rows = (page?.Values ?? []).Select(ToState)
            .Where(s => (query.WorkflowName is null || s.WorkflowName == query.WorkflowName) && (query.InstanceId is null || s.InstanceId == query.InstanceId))
            .OrderByDescending(s => s.CreatedAt)
            .Select(s => new InstanceSummary(s.InstanceId, s.WorkflowName, s.Status, s.CreatedAt, s.UpdatedAt, s.CompletedAt))
            .ToList();
        if (rows.Count > 0 && page?.ContinuationToken is { } next)
        {
            rows[^1] = rows[^1] with { ContinuationToken = next };
        }
        return rows;
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<HistoryEntry>> ReadHistoryAsync(string instanceId, long fromSequence, int maxCount, CancellationToken cancellationToken) =>
        throw NoHistory();

    /// <inheritdoc />
    public Task<InstanceState?> GetStateAtAsync(string instanceId, long sequence, CancellationToken cancellationToken) => throw NoHistory();

    /// <inheritdoc />
    public Task<string?> ForkAsync(ForkRequest request, CancellationToken cancellationToken) => throw NoHistory();

    private static NotOnThisBackendException NoHistory() =>
        new("On the Durable backend the engine's events are the orchestration's own history, which Baton does not keep a copy of, so " +
            "there is no history to read, travel back in or fork from. Read the instance's status (steps with status and attempts), or its " +
            "history with Durable's tools (e.g. the Durable Functions Monitor); run on the embedded hub to time-travel and fork.");

    /// <inheritdoc />
    public async Task<BackendHealth> CheckHealthAsync(CancellationToken cancellationToken)
    {
        var details = new JsonObject { ["backend"] = Name, ["taskHub"] = options.TaskHubName, ["worker"] = options.WorkerId };
        try
        {
            await FirstPageAsync(new OrchestrationQuery { PageSize = 1 }, null, 1, cancellationToken).ConfigureAwait(false);
            return new BackendHealth(true, null, details);
        }
        catch (Exception ex) when (ex is Grpc.Core.RpcException or Azure.RequestFailedException or HttpRequestException or InvalidOperationException)
        {
            return new BackendHealth(false, $"The Durable task hub does not answer: {ex.Message}", details);
        }
    }

    /// <summary>Stops polling, then the worker and its sidecar; later calls do nothing.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _poller.ConfigureAwait(false);
        if (_backend is not null)
        {
            await _backend.DisposeAsync().ConfigureAwait(false);
        }
        _stopping.Dispose();
    }

    private async Task<Microsoft.DurableTask.Page<OrchestrationMetadata>?> FirstPageAsync(OrchestrationQuery filter, string? token, int size, CancellationToken ct)
    {
        await foreach (var page in Client.GetAllInstancesAsync(filter).AsPages(token, size).WithCancellation(ct).ConfigureAwait(false))
        {
            return page;
        }
        return null;
    }

    // The operation, when the instance exists and its status allows it; false otherwise.
    private async Task<bool> WhenAsync(string instanceId, Func<InstanceStatus, bool> allowed, Func<Task> operation, CancellationToken ct)
    {
        if (await Client.GetInstanceAsync(instanceId, getInputsAndOutputs: false, ct).ConfigureAwait(false) is not { } metadata
            || !allowed(DurableInstance.From(metadata).Status))
        {
            return false;
        }
        await operation().ConfigureAwait(false);
        return true;
    }

    // Reads the hub's instances while someone listens, and raises a change for each one updated since it was last seen.
    private async Task PollAsync(CancellationToken stop)
    {
        var listening = false;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(PollInterval, stop).ConfigureAwait(false);
                var handlers = _changed;
                if (handlers is null)
                {
                    listening = false;
                    continue;
                }
                await foreach (var metadata in Client.GetAllInstancesAsync(new OrchestrationQuery { FetchInputsAndOutputs = true, PageSize = 200 }).WithCancellation(stop).ConfigureAwait(false))
                {
                    var now = ToState(metadata);
                    var before = _seen.GetValueOrDefault(now.InstanceId);
                    _seen[now.InstanceId] = now;
                    if (!listening || before is not null && before.Sequence >= now.Sequence)
                    {
                        continue;
                    }
                    var changed = now.Steps.Values.Where(s => before?.Steps.GetValueOrDefault(s.Id) is not { } old || old.Status != s.Status || old.Attempt != s.Attempt)
                        .OrderBy(s => s.Id, StringComparer.Ordinal).ToList();
                    handlers(new HubChange(now, changed, new StatusObserved(now.UpdatedAt)));
                }
                listening = true;
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // A failed poll is retried at the next interval; streams just see no change meanwhile.
            catch (Exception)
#pragma warning restore CA1031
            {
            }
        }
    }

    /// <summary>Baton's view of a Durable instance: status, input, output, error and the steps the custom status lists.</summary>
    /// <remarks><see cref="InstanceState.Sequence"/> is the last update's time in ticks, so it grows with every change.</remarks>
    private InstanceState ToState(OrchestrationMetadata metadata)
    {
        var instance = DurableInstance.From(metadata);
        WorkflowInput? input = null;
        try
        {
            input = metadata.ReadInputAs<WorkflowInput>();
        }
        catch (System.Text.Json.JsonException)
        {
            // Not one of Baton's orchestrations (the hub may run others).
        }
        var meta = input is null ? null : Local.Workflows.Plans.Plan(new StoredDefinition(input.DefinitionHash, "workflow", "", "", input.DefinitionFile, input.Definition)).Definition.Metadata;
        var steps = instance.Steps.ToImmutableDictionary(s => s.Key,
            s => new StepState(s.Key, Enum.GetValues<StepStatus>().FirstOrDefault(v => v.ToWireName() == s.Value.Status, StepStatus.Pending), s.Value.Attempt),
            StringComparer.Ordinal);
        return new InstanceState(instance.InstanceId, instance.Progress?["workflow"]?.GetValue<string>() ?? meta?.Name ?? metadata.Name,
            instance.Progress?["version"]?.GetValue<string>() ?? meta?.Version ?? "", instance.Status, input?.Input, [],
            input?.Env ?? ImmutableSortedDictionary<string, string>.Empty, "", steps, instance.Output, instance.Error,
            instance.CreatedAt, instance.UpdatedAt, instance.Status.IsFinal() ? instance.UpdatedAt : null, instance.UpdatedAt.UtcTicks,
            steps.Values.Count(s => !s.Status.IsTerminal()))
        {
            Generation = instance.Progress?["generation"] is JsonValue g && g.TryGetValue<int>(out var generation) ? generation : 0,
            AttemptBase = instance.Progress?["attemptBase"] is JsonValue b && b.TryGetValue<int>(out var attemptBase) ? attemptBase : 0,
        };
    }

    private static OrchestrationRuntimeStatus ToRuntimeStatus(InstanceStatus status) => status switch
    {
        InstanceStatus.Completed => OrchestrationRuntimeStatus.Completed,
        InstanceStatus.Failed => OrchestrationRuntimeStatus.Failed,
        InstanceStatus.Terminated => OrchestrationRuntimeStatus.Terminated,
        InstanceStatus.Suspended => OrchestrationRuntimeStatus.Suspended,
        InstanceStatus.Pending => OrchestrationRuntimeStatus.Pending,
        _ => OrchestrationRuntimeStatus.Running,
    };

    /// <summary>The change a poll observed (the Durable backend does not see the engine's events one by one).</summary>
    public sealed record StatusObserved(DateTimeOffset At) : Core.Engine.Events.WorkflowEvent(At);
}
