using System.Text.Json.Nodes;
using Baton.Core.Engine;

namespace Baton.Abstractions;

/// <summary>What the control plane needs of a backend that runs workflows: start, read, control, list, the registry and
/// live changes. Implemented by the embedded backend and by the Durable backend (<c>Baton.Runtime</c>, <c>Baton.Durable</c>).</summary>
/// <remarks>Contracts every backend keeps, so the routes behave alike on both:
/// <list type="bullet">
/// <item>Control operations return true when the instance took them and false when its status refused them (a duplicate
/// or late request changes nothing); they never throw for an instance in the wrong status.</item>
/// <item><see cref="GetStateAsync"/> returns state as stored: values over the claim-check threshold are references,
/// which <see cref="ReadValueAsync"/> reads back.</item>
/// <item>A watch (<see cref="WatchAsync"/>) is told of a change after it is durable, in order per instance; a backend that
/// learns of changes by reading them does so only while someone watches.</item>
/// </list></remarks>
public interface IWorkflowBackend : IAsyncDisposable
{
    /// <summary>The backend's name as settings choose it: <c>embedded</c> or <c>durable</c>.</summary>
    string Name { get; }

    /// <summary>The registry of named, versioned definitions and catalogs on this backend (see <see cref="Abstractions.Registry"/>).</summary>
    Registry Registry { get; }

    /// <summary>The in-process functions a task may name without a catalog binding (the built-ins and any registered).</summary>
    IEnumerable<string> FunctionNames { get; }

    /// <summary>Checks the reply tokens services send with task events.</summary>
    ReplyTokens ReplyTokens { get; }

    /// <summary>The tamper-evident log of control actions taken on this backend's instances and registry.</summary>
    Audit.IAuditLog Audit { get; }

    /// <summary>Tells <paramref name="handler"/> of each durable change to one instance (or to every instance, when
    /// <paramref name="instanceId"/> is null) from the moment the returned task completes until the result is disposed.</summary>
    /// <remarks>The handler runs on the backend's own thread and must return quickly; a change may be told again (compare
    /// <see cref="InstanceState.Sequence"/>), never out of order for one instance.</remarks>
    Task<IDisposable> WatchAsync(string? instanceId, Action<HubChange> handler, CancellationToken cancellationToken);

    /// <summary>Starts the backend's own work (loops, sidecar); after this the other members may be used.</summary>
    Task StartAsync(CancellationToken cancellationToken);

    /// <summary>Starts an instance and returns its id once the start is durable.</summary>
    /// <exception cref="InvalidInputException">The input fails the input schema; nothing is stored.</exception>
    /// <exception cref="InstanceExistsException">The chosen id is taken; nothing changes.</exception>
    /// <exception cref="InvalidInstanceIdException">The chosen id is outside the id alphabet.</exception>
    Task<string> StartInstanceAsync(StartRequest request, CancellationToken cancellationToken);

    /// <summary>An instance's state, or null when there is none.</summary>
    Task<InstanceState?> GetStateAsync(string instanceId, CancellationToken cancellationToken);

    /// <summary>A value with the parts kept in Blob storage read back (the value itself when there are none), for display.</summary>
    /// <remarks>Never fails for one bad value: a part that cannot be read back (another instance's, gone or altered) stays a
    /// reference with an <c>error</c> member saying why.</remarks>
    Task<JsonNode?> ReadValueAsync(string instanceId, JsonNode? value, CancellationToken cancellationToken);

    /// <summary>Waits until the instance has finished and returns its final state.</summary>
    Task<InstanceState> WaitForCompletionAsync(string instanceId, CancellationToken cancellationToken);

    /// <summary>Terminates a running or suspended instance.</summary>
    Task<bool> TerminateAsync(string instanceId, string reason, CancellationToken cancellationToken);

    /// <summary>Suspends a running instance.</summary>
    Task<bool> SuspendAsync(string instanceId, string reason, CancellationToken cancellationToken);

    /// <summary>Resumes a suspended instance.</summary>
    Task<bool> ResumeAsync(string instanceId, string reason, CancellationToken cancellationToken);

    /// <summary>Retries a failed instance from its failed steps.</summary>
    Task<bool> RewindAsync(string instanceId, string reason, CancellationToken cancellationToken);

    /// <summary>Raises an external event on an instance.</summary>
    Task<bool> RaiseEventAsync(string instanceId, string name, JsonNode? data, CancellationToken cancellationToken);

    /// <summary>Passes a service's report on an attempt it was handed; false for a duplicate or late report.</summary>
    Task<bool> ReportAsync(string instanceId, TaskReport report, CancellationToken cancellationToken);

    /// <summary>Deletes a finished instance with its history and data: null when there is none, false when it has not finished.</summary>
    Task<bool?> PurgeAsync(string instanceId, CancellationToken cancellationToken);

    /// <summary>Deletes the finished instances a query matches; returns how many went.</summary>
    Task<int> PurgeAsync(InstanceQuery query, CancellationToken cancellationToken);

    /// <summary>Lists instances, newest first, a page at a time (see <see cref="InstanceSummary.ContinuationToken"/>).</summary>
    /// <exception cref="InvalidContinuationTokenException">The token came from no earlier page.</exception>
    Task<IReadOnlyList<InstanceSummary>> ListInstancesAsync(InstanceQuery query, CancellationToken cancellationToken);

    /// <summary>An instance's accepted engine events from a sequence number, in order.</summary>
    /// <exception cref="NotOnThisBackendException">The backend keeps no engine history of its own (Durable: its history is the framework's).</exception>
    Task<IReadOnlyList<HistoryEntry>> ReadHistoryAsync(string instanceId, long fromSequence, int maxCount, CancellationToken cancellationToken);

    /// <summary>An instance's state as it was right after one of its history events (time travel); null when there is no such instance.</summary>
    /// <exception cref="InvalidHistoryPointException">No event has that sequence, or history before it was compacted away.</exception>
    /// <exception cref="NotOnThisBackendException">The backend keeps no engine history of its own.</exception>
    Task<InstanceState?> GetStateAtAsync(string instanceId, long sequence, CancellationToken cancellationToken);

    /// <summary>Starts a new instance from the state an instance had right after one of its history events (a fork), with the
    /// original's input or a new one; the original is not touched. Returns the new instance's id.</summary>
    /// <remarks>The fork runs the same pinned definition and catalog. Its history starts with its own start, then the original's
    /// events up to the point, applied to the new input: steps finished by then keep their recorded results; what came after runs
    /// anew. Recorded results the new input makes moot (a branch not taken now) are refused by the engine, as late results are.</remarks>
    /// <exception cref="InvalidHistoryPointException">No event has that sequence, or history before it was compacted away.</exception>
    /// <exception cref="InvalidInputException">The new input fails the input schema; nothing is stored.</exception>
    /// <exception cref="InstanceExistsException">The chosen id is taken; nothing changes.</exception>
    /// <exception cref="NotOnThisBackendException">The backend keeps no engine history of its own.</exception>
    Task<string?> ForkAsync(ForkRequest request, CancellationToken cancellationToken);

    /// <summary>Moves a running instance to another version of its workflow when it is compatible (<see cref="Core.Engine.Migration.Check"/>,
    /// and every task of the new version bound by the instance's catalog); null when there is no such instance.</summary>
    /// <remarks>The check is made again where the move is applied, atomically with it, so an instance that moved on in between
    /// is refused rather than moved unsafely. A move is recorded in history as <see cref="Core.Engine.Events.InstanceMigrated"/>,
    /// and every later replay (time travel, forks) switches plans there.</remarks>
    Task<MigrationResult?> MigrateAsync(MigrationRequest request, CancellationToken cancellationToken);

    /// <summary>Whether the backend can serve now, with a reason when it cannot and details for the readiness route.</summary>
    Task<BackendHealth> CheckHealthAsync(CancellationToken cancellationToken);
}
