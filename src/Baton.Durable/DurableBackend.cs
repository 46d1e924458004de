using System.Text.Json.Nodes;
using Baton.Core.Engine;
using Microsoft.DurableTask.Client;
using Baton.Abstractions;

namespace Baton.Durable;

/// <summary>The Durable backend: the backend contract over a Durable task hub, through a Durable Task client and the hub's shared
/// parts; the function app makes one per request over its binding's client, <c>baton serve --backend durable</c> one for its life.</summary>
/// <remarks>What differs from the embedded hub, by the nature of the framework:
/// <list type="bullet">
/// <item>An instance's state and engine history are rebuilt from the orchestration's history by replaying the orchestrator
/// (<see cref="DurableTimeline"/>), so they are the embedded hub's: every step with its input, output, error and attempts,
/// and the same events with the same sequence numbers; the framework's status (suspended, failed outside the engine) wins.</item>
/// <item>Live changes are observed by reading the watched instances while a stream listens (<see cref="DurableChangePoller"/>);
/// a listing comes a Durable page at a time, sorted newest first within the page; a migration is applied by the orchestrator
/// (<see cref="DurableMigrations"/>).</item></list></remarks>
public sealed class DurableBackend : IWorkflowBackend
{
    private readonly Func<CancellationToken, Task<DurableConnection>> _open;
    private DurableConnection? _connection;
    private DurableChangePoller? _poller;
    private int _disposed;

    /// <summary>A backend over a connection that is open already (the function app's binding client, a test's).</summary>
    public DurableBackend(DurableConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        _open = _ => Task.FromResult(connection);
        Use(connection);
    }

    /// <summary>A backend whose connection <paramref name="open"/> makes when the backend starts (a local worker).</summary>
    public DurableBackend(Func<CancellationToken, Task<DurableConnection>> open) => _open = open;

    private DurableConnection Connection => _connection ?? throw new InvalidOperationException("Call StartAsync before using the backend.");
    private DurableHub Hub => Connection.Hub;
    private DurableTaskClient Client => Connection.Client;

    private DurableWorkflowClient Workflows { get; set; } = null!;

    /// <inheritdoc />
    public string Name => "durable";

    /// <inheritdoc />
    public Registry Registry => Hub.Registry;

    /// <inheritdoc />
    public IEnumerable<string> FunctionNames => Hub.FunctionNames;

    /// <inheritdoc />
    public ReplyTokens ReplyTokens => Hub.ReplyTokens;

    /// <inheritdoc />
    public Abstractions.Audit.IAuditLog Audit => Hub.Audit;

    /// <inheritdoc />
    public Task<IDisposable> WatchAsync(string? instanceId, Action<HubChange> handler, CancellationToken cancellationToken) =>
        Poller.WatchAsync(instanceId, handler, cancellationToken);

    private DurableChangePoller Poller => _poller ?? throw new InvalidOperationException("Call StartAsync before using the backend.");

    /// <inheritdoc />
    /// <exception cref="Runtime.Data.StorageUnavailableException">Storage cannot be reached; the message says how to start Azurite.</exception>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (_connection is null)
        {
            Use(await _open(cancellationToken).ConfigureAwait(false));
        }
    }

    /// <inheritdoc />
    public Task<string> StartInstanceAsync(StartRequest request, CancellationToken cancellationToken) => Workflows.StartAsync(request, cancellationToken);

    /// <inheritdoc />
    public async Task<InstanceState?> GetStateAsync(string instanceId, CancellationToken cancellationToken) =>
        await Client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, cancellationToken).ConfigureAwait(false) is { } metadata
            ? await StateAsync(metadata, cancellationToken).ConfigureAwait(false)
            : null;

    /// <inheritdoc />
    public Task<JsonNode?> ReadValueAsync(string instanceId, JsonNode? value, CancellationToken cancellationToken) =>
        Runtime.Data.BlobClaimCheck.ReadBackAsync(Hub.Data, instanceId, value, cancellationToken, lenient: true);

    /// <inheritdoc />
    public async Task<InstanceState> WaitForCompletionAsync(string instanceId, CancellationToken cancellationToken) =>
        await StateAsync(await Client.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: true, cancellationToken).ConfigureAwait(false), cancellationToken)
            .ConfigureAwait(false);

    /// <inheritdoc />
    /// <remarks>Terminates the instance's running children too, and theirs: the framework's own terminate does not reach
    /// sub-orchestrations, so their ids are found from the instance's running steps (<c>{parent}.{step}.{attempt}</c>).</remarks>
    public async Task<bool> TerminateAsync(string instanceId, string reason, CancellationToken cancellationToken)
    {
        if (await GetStateAsync(instanceId, cancellationToken).ConfigureAwait(false) is not { Status: InstanceStatus.Running or InstanceStatus.Pending or InstanceStatus.Suspended } state)
        {
            return false;
        }
        await Client.TerminateInstanceAsync(instanceId, reason, cancellationToken).ConfigureAwait(false);
        foreach (var step in state.Steps.Values.Where(s => s.Status == StepStatus.Running))
        {
            var child = Runtime.Catalog.SubWorkflowBinding.ChildId(instanceId, step.Id, step.Attempt, new Core.Engine.AttemptKey(instanceId, step.Id, step.Attempt).ToString());
            await TerminateAsync(child, $"Its parent '{instanceId}' was terminated: {reason}", cancellationToken).ConfigureAwait(false);
        }
        return true;
    }

    /// <inheritdoc />
    public Task<bool> SuspendAsync(string instanceId, string reason, CancellationToken cancellationToken) =>
        WhenAsync(instanceId, s => s is InstanceStatus.Running or InstanceStatus.Pending, () => Client.SuspendInstanceAsync(instanceId, reason, cancellationToken), cancellationToken);

    /// <inheritdoc />
    public Task<bool> ResumeAsync(string instanceId, string reason, CancellationToken cancellationToken) =>
        WhenAsync(instanceId, s => s == InstanceStatus.Suspended, () => Client.ResumeInstanceAsync(instanceId, reason, cancellationToken), cancellationToken);

    /// <inheritdoc />
    public Task<bool> RewindAsync(string instanceId, string reason, CancellationToken cancellationToken) => Workflows.RewindAsync(instanceId, reason, cancellationToken);

    /// <inheritdoc />
    public Task<bool> RaiseEventAsync(string instanceId, string name, JsonNode? data, CancellationToken cancellationToken) =>
        WhenAsync(instanceId, s => !s.IsFinal(), () => Workflows.RaiseEventAsync(instanceId, name, data, cancellationToken), cancellationToken);

    /// <inheritdoc />
    /// <remarks>See <see cref="DurableWorkflowClient.ReportAsync"/>: false for a finished instance, an attempt its status shows
    /// ended, or a repeated <c>.finished</c>.</remarks>
    public Task<bool> ReportAsync(string instanceId, TaskReport report, CancellationToken cancellationToken) => Workflows.ReportAsync(instanceId, report, cancellationToken);

    /// <inheritdoc />
    public async Task<bool?> PurgeAsync(string instanceId, CancellationToken cancellationToken)
    {
        if (await Client.GetInstanceAsync(instanceId, getInputsAndOutputs: false, cancellationToken).ConfigureAwait(false) is not { } state)
        {
            return null;
        }
        if (!DurableInstance.From(state).Status.IsFinal())
        {
            return false;
        }
        Poller.Forget(instanceId);
        Hub.Timelines.Forget(instanceId);
        return await Workflows.PurgeAsync(instanceId, cancellationToken).ConfigureAwait(false);
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
            Statuses = query.Statuses?.Select(DurableStates.ToRuntimeStatus).ToList(),
            PageSize = query.MaxCount,
            FetchInputsAndOutputs = true,
            InstanceIdPrefix = query.InstanceIdPrefix ?? query.InstanceId,
        };
        var token = query.ContinuationToken is { } given ? PageTokens.Read(given) : null;
        // Durable filters neither by workflow name nor by exact id, so pages are read until one has a match or none is left.
        for (var pages = 0; ; pages++)
        {
            Microsoft.DurableTask.Page<OrchestrationMetadata>? page;
            try
            {
                page = await FirstPageAsync(filter, token, query.MaxCount, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (query.ContinuationToken is not null && ex is FormatException or ArgumentException or System.Text.Json.JsonException or Grpc.Core.RpcException)
            {
                throw new InvalidContinuationTokenException(query.ContinuationToken, ex);
            }
            var rows = (page?.Values ?? []).Select(State)
                .Where(s => (query.WorkflowName is null || s.WorkflowName == query.WorkflowName) && (query.InstanceId is null || s.InstanceId == query.InstanceId))
                .OrderByDescending(s => s.CreatedAt)
                .Select(s => new InstanceSummary(s.InstanceId, s.WorkflowName, s.Status, s.CreatedAt, s.UpdatedAt, s.CompletedAt))
                .ToList();
            token = page?.ContinuationToken;
            if (rows.Count > 0 && token is not null)
            {
                rows[^1] = rows[^1] with { ContinuationToken = PageTokens.Write(token) };
            }
            if (rows.Count > 0 || token is null || pages == MaxEmptyPages)
            {
                return rows;
            }
        }
    }

    /// <summary>The most pages without a match a listing reads before it answers with none (a name filter over other workflows).</summary>
    private const int MaxEmptyPages = 50;

    /// <inheritdoc />
    /// <remarks>Rebuilt from the orchestration's history (see <see cref="DurableTimeline"/>).</remarks>
    public async Task<IReadOnlyList<HistoryEntry>> ReadHistoryAsync(string instanceId, long fromSequence, int maxCount, CancellationToken cancellationToken) =>
        (await TimelineAsync(instanceId, cancellationToken).ConfigureAwait(false))?.Entries.Where(e => e.Sequence >= fromSequence).Take(maxCount).ToList() ?? [];

    /// <inheritdoc />
    public async Task<InstanceState?> GetStateAtAsync(string instanceId, long sequence, CancellationToken cancellationToken)
    {
        if (await Client.GetInstanceAsync(instanceId, getInputsAndOutputs: false, cancellationToken).ConfigureAwait(false) is null)
        {
            return null;
        }
        var timeline = await TimelineAsync(instanceId, cancellationToken).ConfigureAwait(false);
        var events = HistoryReplay.EventsUpTo(instanceId, timeline?.Entries ?? [], sequence, timeline?.State.Sequence ?? -1);
        return HistoryReplay.StateAfter(await DurableMigrations.PlansAsync(Hub.Plans, timeline!.Input, events, cancellationToken).ConfigureAwait(false), events);
    }

    /// <inheritdoc />
    public Task<MigrationResult?> MigrateAsync(MigrationRequest request, CancellationToken cancellationToken) =>
        new DurableMigrations(Client, Hub).MigrateAsync(request, cancellationToken);

    /// <inheritdoc />
    /// <remarks>The fork is a new orchestration that starts from the state at the point (see <see cref="DurableWorkflowClient.ForkAsync"/>).</remarks>
    public async Task<string?> ForkAsync(ForkRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        InvalidInstanceIdException.ThrowIfInvalid(request.NewInstanceId);
        if (await Client.GetInstanceAsync(request.InstanceId, getInputsAndOutputs: false, cancellationToken).ConfigureAwait(false) is null)
        {
            return null;
        }
        var timeline = await TimelineAsync(request.InstanceId, cancellationToken).ConfigureAwait(false);
        var events = HistoryReplay.EventsUpTo(request.InstanceId, timeline?.Entries ?? [], request.Sequence, timeline?.State.Sequence ?? -1);
        return await Workflows.ForkAsync(request, timeline!.Input, events, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<BackendHealth> CheckHealthAsync(CancellationToken cancellationToken)
    {
        var details = (JsonObject)Connection.Details.DeepClone();
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

    /// <summary>Stops polling, then disposes of what owns the connection (a local worker and its sidecar); later calls do nothing.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }
        if (_poller is not null)
        {
            await _poller.DisposeAsync().ConfigureAwait(false);
        }
        if (_connection?.Owner is { } owner)
        {
            await owner.DisposeAsync().ConfigureAwait(false);
        }
    }

    private void Use(DurableConnection connection)
    {
        _connection = connection;
        Workflows = connection.Hub.Workflows(connection.Client);
        _poller = new DurableChangePoller(connection.Client, connection.Hub.Plans, connection.Hub.Timelines, connection.Hub.Time);
    }

    private InstanceState State(OrchestrationMetadata metadata) => DurableStates.From(metadata, Hub.Plans);

    private async Task<InstanceState> StateAsync(OrchestrationMetadata metadata, CancellationToken ct) =>
        DurableStates.From(metadata, Hub.Plans, await Hub.Timelines.ReadAsync(Client, metadata, ct).ConfigureAwait(false));

    private async Task<DurableTimeline?> TimelineAsync(string instanceId, CancellationToken ct) =>
        await Client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, ct).ConfigureAwait(false) is { } metadata
            ? await Hub.Timelines.ReadAsync(Client, metadata, ct).ConfigureAwait(false)
            : null;

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
}
