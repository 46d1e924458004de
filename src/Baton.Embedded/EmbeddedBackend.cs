using Baton.Runtime;
using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Security.Cryptography;
using Baton.Core.Definitions;
using Baton.Core.Engine;
using Baton.Core.Engine.Events;
using Baton.Runtime.Runners;
using Baton.Embedded.Store;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Baton.Abstractions;
using Baton.Runtime.Catalog;

namespace Baton.Embedded;

/// <summary>The durable task hub: applies events through the engine, commits them, and carries out the commands.</summary>
/// <remarks>One writer applies events in batches and commits each batch in one store call (group commit); only
/// after the commit are tasks dispatched, timers armed and changes announced (transactional outbox). Tasks are
/// delivered at least once with an idempotency key; state progress is exactly once because the engine ignores
/// duplicate and stale events. On start the hub re-arms stored timers and re-dispatches unfinished work.</remarks>
public sealed partial class EmbeddedBackend : Abstractions.IWorkflowBackend
{
    private readonly ITaskHubStore _store;
    private readonly EmbeddedBackendOptions _options;
    private readonly IdSource _ids;
    private readonly TaskExecutor _executor;
    private readonly ILogger _logger;
    private readonly PlanCache _plans;
    private readonly TimerScheduler _timers;
    private readonly LoopSupervisor _supervisor;
    private readonly HubMetrics _metrics;
    private readonly HubWriter _writer;
    private readonly TaskDispatcher _dispatcher;
    private readonly WorkSweeper _sweeper;
    private readonly CompletionWaiters _waiters = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Task> _loops = [];
    private readonly ConcurrentDictionary<string, bool> _saved = new(StringComparer.Ordinal);
    private Task _writerLoop = Task.CompletedTask;
    private bool _started;
    private int _disposed;
    private Abstractions.ReplyTokens? _replyTokens;
    private readonly Abstractions.Audit.IAuditLog _audit;

    /// <summary>Creates a hub over a store, with the runners that execute its tasks.</summary>
    /// <remarks>The hub is a facade over its parts: the writer (<see cref="HubWriter"/>), the task dispatcher
    /// (<see cref="TaskDispatcher"/>), the sweeper (<see cref="WorkSweeper"/>), the timer queue (<see cref="TimerScheduler"/>)
    /// and the completion waiters (<see cref="CompletionWaiters"/>).</remarks>
    public EmbeddedBackend(ITaskHubStore store, EmbeddedBackendOptions options, TaskExecutor executor, TimeProvider time, IdSource ids,
        ILogger<EmbeddedBackend>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _store = store;
        _ids = ids;
        _options = options.OwnerId.Length > 0 ? options : options with { OwnerId = $"{Environment.MachineName}:{Environment.ProcessId}:{ids.NewId()}" };
        options = _options;
        _audit = options.Audit ?? new Abstractions.Audit.MemoryAuditLog();
        _executor = executor.With(new SubWorkflowRunner(this));
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _plans = new PlanCache(store.GetDefinitionAsync);
        Registry = new Registry(store, time);
        _supervisor = new LoopSupervisor(time, _logger) { InitialDelay = options.LoopRestartDelay, MaxDelay = options.LoopRestartMaxDelay };
        _metrics = new HubMetrics(() => _timers!.Count, () => _writer!.QueueLength, () => _sweeper!.StatusCounts);
        _writer = new HubWriter(store, _plans, options, time, _metrics, _logger, AfterCommit);
        _timers = new TimerScheduler(time, (workId, instanceId, timerId) =>
        {
            _writer.Post(new HubWriter.Message(instanceId, new TimerFired(default, timerId), workId));
            return Task.CompletedTask;
        });
        _dispatcher = new TaskDispatcher(store, _executor, _plans, options, time, _logger, _writer.Post, () => ReplyTokens, _stopping.Token);
        _sweeper = new WorkSweeper(store, options, time, _logger, _dispatcher.Dispatch, _writer.Post);
    }

    /// <summary>Raised after every committed change, on the writer; handlers must return quickly.</summary>
    public event Action<HubChange>? Changed;

    /// <summary>The state of the hub's background loops; readiness probes report it.</summary>
    /// <remarks>A loop that failed is restarted with backoff; while it waits, <see cref="LoopSupervisor.IsHealthy"/> is false.</remarks>
    public LoopSupervisor Loops => _supervisor;

    /// <summary>The store this hub commits to.</summary>
    public ITaskHubStore Store => _store;

    /// <inheritdoc />
    public IEnumerable<string> FunctionNames => _executor.FunctionNames;

    /// <summary>Issues and checks the reply tokens of attempts handed to event services; available once started.</summary>
    public Abstractions.ReplyTokens ReplyTokens => _replyTokens ?? throw new InvalidOperationException("Call StartAsync before using the hub.");

    /// <inheritdoc />
    public Abstractions.Audit.IAuditLog Audit => _audit;

    /// <summary>Opens the store (and the Blob container for step data, if any), re-arms timers, re-dispatches unfinished work and starts processing.</summary>
    /// <exception cref="Runtime.Data.StorageUnavailableException">A Blob store for step data is configured and cannot be reached.</exception>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await _store.InitializeAsync(cancellationToken).ConfigureAwait(false);
        if (_options.Data is { } data)
        {
            await data.EnsureAsync(cancellationToken).ConfigureAwait(false);
        }
        _replyTokens = new Abstractions.ReplyTokens(await _store.GetSecretAsync("reply-tokens", cancellationToken).ConfigureAwait(false));
        if (_options.ExclusiveStore)
        {
            await _store.ReleaseAllLeasesAsync(cancellationToken).ConfigureAwait(false);
        }
        foreach (var timer in await _store.ListTimersAsync(cancellationToken).ConfigureAwait(false))
        {
            _timers.Schedule(timer.Id, timer.InstanceId, TimerWork.FromJson(timer.Payload).TimerId, timer.DueAt);
        }
        var token = _stopping.Token;
        _writerLoop = _supervisor.Start("writer", _writer.RunAsync, token);
        _loops.Add(_writerLoop);
        _loops.Add(_supervisor.Start("timers", _timers.RunAsync, token));
        _loops.Add(_supervisor.Start("sweeper", _sweeper.RunAsync, token));
        _loops.Add(_supervisor.Start("leases", _dispatcher.RenewLoopAsync, token));
        _started = true;
        Logs.HubStarted(_logger, _options.OwnerId);
    }

    /// <summary>Starts an instance and returns its id once the start is committed.</summary>
    /// <exception cref="InvalidInputException">The input fails the input schema; nothing is stored.</exception>
    /// <exception cref="InstanceExistsException">The chosen id is taken; nothing changes.</exception>
    /// <exception cref="InvalidInstanceIdException">The chosen id is outside the id alphabet; nothing is stored.</exception>
    /// <exception cref="DefinitionException">The definition is invalid, or names a task neither the catalog nor a function binds.</exception>
    public async Task<string> StartInstanceAsync(StartRequest request, CancellationToken cancellationToken)
    {
        EnsureStarted();
        InvalidInstanceIdException.ThrowIfInvalid(request.InstanceId);
        _plans.CheckStart(request, _executor.FunctionNames);
        await SaveOnceAsync(request.Definition, cancellationToken).ConfigureAwait(false);
        if (request.Catalog is { } catalog)
        {
            await SaveOnceAsync(catalog, cancellationToken).ConfigureAwait(false);
        }
        var id = request.InstanceId ?? _ids.NewId();
        var seed = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var traceParent = request.TraceParent
            ?? Telemetry.CurrentTraceParent()
            ?? Telemetry.NewTraceParent();
        var input = await Runtime.Data.BlobClaimCheck.KeepAsync(_options.Data, id, request.Input?.DeepClone(), cancellationToken).ConfigureAwait(false);
        var started = new InstanceStarted(default, id, input, seed,
            request.Env ?? ImmutableSortedDictionary<string, string>.Empty, traceParent);
        var accepted = await SendAsync(new HubWriter.Message(id, started, null, new InstanceBinding(request.Definition.Hash, request.Catalog?.Hash)), cancellationToken).ConfigureAwait(false);
        return accepted ? id : throw new InstanceExistsException(id);
    }

    private async Task SaveOnceAsync(StoredDefinition definition, CancellationToken ct)
    {
        if (_saved.ContainsKey(definition.Hash))
        {
            return;
        }
        await _store.SaveDefinitionAsync(definition, ct).ConfigureAwait(false);
        _saved.TryAdd(definition.Hash, true);
    }

    /// <summary>Asks an instance to stop; true when it was running and is now terminated.</summary>
    public Task<bool> TerminateAsync(string instanceId, string reason, CancellationToken cancellationToken) =>
        SendAsync(new HubWriter.Message(instanceId, new TerminateRequested(default, reason), null), cancellationToken);

    /// <summary>Raises an external event on an instance; true when it was running or suspended and took the event.</summary>
    public async Task<bool> RaiseEventAsync(string instanceId, string name, System.Text.Json.Nodes.JsonNode? data, CancellationToken cancellationToken) =>
        await SendAsync(new HubWriter.Message(instanceId, new EventRaised(default, name, await Runtime.Data.BlobClaimCheck.KeepAsync(_options.Data, instanceId, data?.DeepClone(), cancellationToken).ConfigureAwait(false)), null),
            cancellationToken).ConfigureAwait(false);

    /// <summary>Records what a service reports about a task attempt it was handed: progress, or the attempt's end.</summary>
    /// <remarks>True when the report changed the instance; false when it is a duplicate, late or stale report (that
    /// attempt is no longer running), which changes nothing and should be acknowledged. An attempt's end releases its
    /// work item, so it is not delivered again.</remarks>
    public async Task<bool> ReportAsync(string instanceId, TaskReport report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        // The caller's JSON is copied: it may be changed once this call returns, even before the commit.
        WorkflowEvent e = report.Result switch
        {
            null => new TaskProgressed(default, report.StepId, report.Attempt, report.Phase,
                await Runtime.Data.BlobClaimCheck.KeepAsync(_options.Data, instanceId, report.Data?.DeepClone(), cancellationToken).ConfigureAwait(false)),
            TaskResult.Success s => TaskDispatcher.Ended(report.StepId, report.Attempt,
                TaskResult.Ok(await Runtime.Data.BlobClaimCheck.KeepAsync(_options.Data, instanceId, s.Output?.DeepClone(), cancellationToken).ConfigureAwait(false))),
            var ended => TaskDispatcher.Ended(report.StepId, report.Attempt, ended),
        };
        var work = report.Result is null ? null : WorkId.Task(instanceId, report.StepId, report.Attempt).ToString();
        return await SendAsync(new HubWriter.Message(instanceId, e, work, ConsumeOnlyIfAccepted: true), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A value with the parts kept in Blob storage (<see cref="EmbeddedBackendOptions.Data"/>) put back: what the API and
    /// the CLI show as an instance's output. Without a Blob store, the value itself.</summary>
    /// <remarks>A part that cannot be read back stays a reference with an <c>error</c> member (see <see cref="Abstractions.IWorkflowBackend.ReadValueAsync"/>).</remarks>
    public Task<System.Text.Json.Nodes.JsonNode?> ReadValueAsync(string instanceId, System.Text.Json.Nodes.JsonNode? value, CancellationToken cancellationToken) =>
        Runtime.Data.BlobClaimCheck.ReadBackAsync(_options.Data, instanceId, value, cancellationToken, lenient: true);

    /// <summary>Pauses a running instance; true when it was running.</summary>
    public Task<bool> SuspendAsync(string instanceId, string reason, CancellationToken cancellationToken) =>
        SendAsync(new HubWriter.Message(instanceId, new SuspendRequested(default, reason), null), cancellationToken);

    /// <summary>Continues a suspended instance; true when it was suspended.</summary>
    public Task<bool> ResumeAsync(string instanceId, string reason, CancellationToken cancellationToken) =>
        SendAsync(new HubWriter.Message(instanceId, new ResumeRequested(default, reason), null), cancellationToken);

    /// <summary>Retries a failed instance from its failed steps; true when it had failed.</summary>
    public Task<bool> RewindAsync(string instanceId, string reason, CancellationToken cancellationToken) =>
        SendAsync(new HubWriter.Message(instanceId, new RewindRequested(default, reason), null), cancellationToken);

    /// <summary>Deletes a finished instance, its history and its Blob data: null when there is no such instance, false when it has not finished.</summary>
    public async Task<bool?> PurgeAsync(string instanceId, CancellationToken cancellationToken)
    {
        var state = await GetStateAsync(instanceId, cancellationToken).ConfigureAwait(false);
        if (state is null)
        {
            return null;
        }
        if (!state.IsTerminal)
        {
            return false;
        }
        _writer.Forget(instanceId);
        var purged = await _store.PurgeAsync(new InstanceQuery(InstanceId: instanceId, MaxCount: 1), cancellationToken).ConfigureAwait(false) == 1;
        if (purged && _options.Data is { } data)
        {
            await data.PurgeAsync(instanceId, cancellationToken).ConfigureAwait(false);
        }
        return purged;
    }

    /// <summary>Deletes the finished instances a query matches (at most its <see cref="InstanceQuery.MaxCount"/>), with their
    /// history and Blob data; returns how many went.</summary>
    /// <remarks>Without a Blob store the store deletes them in one call; with one, one by one, so each instance's blobs go with it.</remarks>
    public Task<int> PurgeAsync(InstanceQuery query, CancellationToken cancellationToken) =>
        _options.Data is null ? _store.PurgeAsync(query, cancellationToken) : this.PurgeEachAsync(query, cancellationToken);

    /// <summary>Reads an instance's committed state, or null if there is none.</summary>
    public async Task<InstanceState?> GetStateAsync(string instanceId, CancellationToken cancellationToken) =>
        (await _store.LoadInstanceAsync(instanceId, cancellationToken).ConfigureAwait(false))?.State;

    /// <summary>Waits until an instance reaches a final status and returns that state.</summary>
    /// <exception cref="KeyNotFoundException">There is no such instance.</exception>
    public Task<InstanceState> WaitForCompletionAsync(string instanceId, CancellationToken cancellationToken) =>
        _waiters.WaitAsync(instanceId, ct => GetStateAsync(instanceId, ct), cancellationToken);

    /// <summary>The number of task attempts running in this host now.</summary>
    public int InFlightCount => _dispatcher.InFlightCount;

    /// <summary>Stops processing: drains running task attempts, commits what they reported, then stops the loops and closes the store.</summary>
    /// <remarks>No new attempt starts once stopping begins. Attempts still running after
    /// <see cref="EmbeddedBackendOptions.DrainTimeout"/> are cancelled; their work stays in the store and runs again after the
    /// next start. The writer commits every result that reached it before the store is closed. Safe to call more
    /// than once; later calls do nothing.</remarks>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }
        await _dispatcher.DrainAsync().ConfigureAwait(false);
        // Every attempt has posted its result by now: let the writer commit what is queued, then stop everything.
        _writer.Complete();
        await Task.WhenAny(_writerLoop, Task.Delay(_options.DrainTimeout)).ConfigureAwait(false);
        await _stopping.CancelAsync().ConfigureAwait(false);
        try
        {
            await Task.WhenAll(_loops).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Expected on shutdown.
        }
        await _store.DisposeAsync().ConfigureAwait(false);
        _metrics.Dispose();
        _stopping.Dispose();
        _dispatcher.Dispose();
    }

    private void EnsureStarted()
    {
        if (!_started)
        {
            throw new InvalidOperationException("Call StartAsync before using the hub.");
        }
    }

    private Task<bool> SendAsync(HubWriter.Message message, CancellationToken ct)
    {
        EnsureStarted();
        return _writer.SendAsync(message, ct);
    }
}
