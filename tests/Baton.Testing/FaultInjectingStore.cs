using Baton.Core.Engine;
using Baton.Embedded.Store;
using Baton.Abstractions;

namespace Baton.Testing;

/// <summary>What a <see cref="FaultInjectingStore"/> does to one call.</summary>
public enum Fault
{
    /// <summary>The call goes through.</summary>
    None,

    /// <summary>The call throws before reaching the store: nothing changes.</summary>
    Fail,

    /// <summary>The call reaches the store and takes effect, then throws: the caller cannot tell it happened.</summary>
    FailAfter,

    /// <summary>The call is slow: the store's delay hook runs first (a simulation moves its clock there), then the call goes through.</summary>
    Delay,
}

/// <summary>A store wrapper that fails or slows calls as a plan says: failing before the store sees them, or after they took effect (an ambiguous commit).</summary>
/// <remarks>The plan is asked once per call with the operation's name; it decides (a seeded random plan makes a
/// run reproducible). Failures are <see cref="IOException"/>s, as a disk or network fault would be.</remarks>
public sealed class FaultInjectingStore(ITaskHubStore inner, Func<string, Fault> plan, Func<Task>? delay = null) : ITaskHubStore
{
    private int _injected;

    /// <summary>How many calls have been failed so far.</summary>
    public int Injected => _injected;

    private async Task<T> CallAsync<T>(string operation, Func<Task<T>> call)
    {
        var fault = plan(operation);
        if (fault == Fault.Fail)
        {
            Interlocked.Increment(ref _injected);
            throw new IOException($"injected fault before {operation}");
        }
        if (fault == Fault.Delay)
        {
            await (delay?.Invoke() ?? Task.Delay(50)).ConfigureAwait(false);
        }
        var result = await call().ConfigureAwait(false);
        if (fault == Fault.FailAfter)
        {
            Interlocked.Increment(ref _injected);
            throw new IOException($"injected fault after {operation} took effect");
        }
        return result;
    }

    private Task CallAsync(string operation, Func<Task> call) => CallAsync(operation, async () =>
    {
        await call().ConfigureAwait(false);
        return true;
    });

    /// <inheritdoc />
    public Task InitializeAsync(CancellationToken cancellationToken) => inner.InitializeAsync(cancellationToken);

    /// <inheritdoc />
    public Task<byte[]> GetSecretAsync(string name, CancellationToken cancellationToken) => inner.GetSecretAsync(name, cancellationToken);

    /// <inheritdoc />
    public Task SaveDefinitionAsync(StoredDefinition definition, CancellationToken cancellationToken) =>
        CallAsync(nameof(SaveDefinitionAsync), () => inner.SaveDefinitionAsync(definition, cancellationToken));

    /// <inheritdoc />
    public Task<StoredDefinition?> GetDefinitionAsync(string hash, CancellationToken cancellationToken) =>
        CallAsync(nameof(GetDefinitionAsync), () => inner.GetDefinitionAsync(hash, cancellationToken));

    /// <inheritdoc />
    public Task CommitAsync(IReadOnlyList<InstanceCommit> batch, CancellationToken cancellationToken) =>
        CallAsync(nameof(CommitAsync), () => inner.CommitAsync(batch, cancellationToken));

    /// <inheritdoc />
    public Task<InstanceRecord?> LoadInstanceAsync(string instanceId, CancellationToken cancellationToken) =>
        CallAsync(nameof(LoadInstanceAsync), () => inner.LoadInstanceAsync(instanceId, cancellationToken));

    /// <inheritdoc />
    public Task<IReadOnlyList<InstanceSummary>> ListInstancesAsync(InstanceQuery query, CancellationToken cancellationToken) =>
        inner.ListInstancesAsync(query, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<HistoryEntry>> ReadHistoryAsync(string instanceId, long fromSequence, int maxCount, CancellationToken cancellationToken) =>
        inner.ReadHistoryAsync(instanceId, fromSequence, maxCount, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<WorkItem>> ClaimWorkAsync(WorkKind kind, string owner, DateTimeOffset now, DateTimeOffset leaseUntil, int maxCount, CancellationToken cancellationToken) =>
        CallAsync(nameof(ClaimWorkAsync), () => inner.ClaimWorkAsync(kind, owner, now, leaseUntil, maxCount, cancellationToken));

    /// <inheritdoc />
    public Task<IReadOnlyList<WorkItem>> ListTimersAsync(CancellationToken cancellationToken) => inner.ListTimersAsync(cancellationToken);

    /// <inheritdoc />
    public Task RenewLeasesAsync(string owner, IReadOnlyCollection<string> workItemIds, DateTimeOffset leaseUntil, CancellationToken cancellationToken) =>
        CallAsync(nameof(RenewLeasesAsync), () => inner.RenewLeasesAsync(owner, workItemIds, leaseUntil, cancellationToken));

    /// <inheritdoc />
    public Task ReleaseAllLeasesAsync(CancellationToken cancellationToken) => inner.ReleaseAllLeasesAsync(cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyDictionary<InstanceStatus, long>> CountInstancesAsync(CancellationToken cancellationToken) =>
        CallAsync(nameof(CountInstancesAsync), () => inner.CountInstancesAsync(cancellationToken));

    /// <inheritdoc />
    public Task<int> PurgeAsync(InstanceQuery query, CancellationToken cancellationToken) => inner.PurgeAsync(query, cancellationToken);

    /// <inheritdoc />
    public Task<RegistryEntry> RegisterAsync(string kind, string name, string version, string hash, DateTimeOffset now, CancellationToken cancellationToken) =>
        inner.RegisterAsync(kind, name, version, hash, now, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<RegistryEntry>> ListRegistryAsync(string kind, string? name, CancellationToken cancellationToken) =>
        inner.ListRegistryAsync(kind, name, cancellationToken);

    /// <inheritdoc />
    public Task<bool> ActivateAsync(string kind, string name, string version, CancellationToken cancellationToken) =>
        inner.ActivateAsync(kind, name, version, cancellationToken);

    /// <inheritdoc />
    public Task<bool> RetireAsync(string kind, string name, string version, CancellationToken cancellationToken) =>
        inner.RetireAsync(kind, name, version, cancellationToken);

    /// <inheritdoc />
    public Task<bool> RemoveAsync(string kind, string name, string version, CancellationToken cancellationToken) =>
        inner.RemoveAsync(kind, name, version, cancellationToken);

    /// <inheritdoc />
    public ValueTask DisposeAsync() => inner.DisposeAsync();
}
