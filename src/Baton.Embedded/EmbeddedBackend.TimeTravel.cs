using Baton.Runtime;
using Baton.Core.Engine;
using Baton.Core.Engine.Events;
using Baton.Embedded.Store;
using Baton.Abstractions;

namespace Baton.Embedded;

public sealed partial class EmbeddedBackend
{
    /// <inheritdoc />
    /// <remarks>The state is rebuilt by applying the recorded events, up to the one asked for, through the engine: the same
    /// transitions that made them, so it is exactly the state the instance had then.</remarks>
    public async Task<InstanceState?> GetStateAtAsync(string instanceId, long sequence, CancellationToken cancellationToken)
    {
        if (await HistoryUpToAsync(instanceId, sequence, cancellationToken).ConfigureAwait(false) is not var (events, binding))
        {
            return null;
        }
        return HistoryReplay.StateAfter(await ReplayPlansAsync(binding, events, cancellationToken).ConfigureAwait(false), events);
    }

    /// <inheritdoc />
    /// <remarks>The fork's start and the replayed events are applied and committed in one transaction, so none of the work
    /// the replayed events finished is ever handed to a runner; only what was still open at the point is.</remarks>
    public async Task<string?> ForkAsync(ForkRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        EnsureStarted();
        InvalidInstanceIdException.ThrowIfInvalid(request.NewInstanceId);
        if (await HistoryUpToAsync(request.InstanceId, request.Sequence, cancellationToken).ConfigureAwait(false) is not var (events, binding))
        {
            return null;
        }
        var original = (InstanceStarted)events[0];
        var id = request.NewInstanceId ?? _ids.NewId();
        var input = request.ReplaceInput
            ? await Runtime.Data.BlobClaimCheck.KeepAsync(_options.Data, id, request.Input?.DeepClone(), cancellationToken).ConfigureAwait(false)
            : original.Input?.DeepClone();
        if (request.ReplaceInput)
        {
            // The input must fit the definition the original ran at the point (another version's, if it was migrated before it).
            var hash = HistoryReplay.DefinitionAfter(events) ?? binding.DefinitionHash;
            var definition = await _store.GetDefinitionAsync(hash, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"The definition {hash} of instance '{request.InstanceId}' is missing from the store.");
            var catalog = binding.CatalogHash is { } c ? await _store.GetDefinitionAsync(c, cancellationToken).ConfigureAwait(false) : null;
            _plans.CheckStart(new StartRequest(definition, catalog, input, id), _executor.FunctionNames);
        }
        // The same seed, so uuid() and jitter give the fork what they gave the original; a trace of its own.
        var started = original with { InstanceId = id, Input = input, TraceParent = Telemetry.CurrentTraceParent() ?? Telemetry.NewTraceParent() };
        var replayed = events.Skip(1).Select(e => new HubWriter.Replayed(e, e switch
        {
            TaskCompleted t => WorkId.Task(id, t.StepId, t.Attempt).ToString(),
            TaskFailed t => WorkId.Task(id, t.StepId, t.Attempt).ToString(),
            TimerFired t => WorkId.Timer(id, t.TimerId).ToString(),
            _ => null,
        })).ToList();
        var accepted = await SendAsync(new HubWriter.Message(id, started, null, binding) { Then = replayed }, cancellationToken).ConfigureAwait(false);
        return accepted ? id : throw new InstanceExistsException(id);
    }

    /// <summary>The plans a replay of these events applies them with: the start's, and each migration's.</summary>
    private async Task<ReplayPlans> ReplayPlansAsync(InstanceBinding binding, IReadOnlyList<WorkflowEvent> events, CancellationToken ct) =>
        await ReplayPlans.LoadAsync(await _plans.PlanAsync(binding.DefinitionHash, binding.CatalogHash, ct).ConfigureAwait(false), events,
            hash => _plans.PlanAsync(hash, binding.CatalogHash, ct)).ConfigureAwait(false);

    /// <summary>An instance's events from its start up to a sequence, and its binding; null when there is no such instance.</summary>
    private async Task<(List<WorkflowEvent> Events, InstanceBinding Binding)?> HistoryUpToAsync(string instanceId, long sequence, CancellationToken ct)
    {
        if (await _store.LoadInstanceAsync(instanceId, ct).ConfigureAwait(false) is not { } record)
        {
            return null;
        }
        var entries = await _store.ReadHistoryAsync(instanceId, 0, (int)Math.Min(sequence + 1, HistoryReplay.MaxReplayedEvents), ct).ConfigureAwait(false);
        var events = HistoryReplay.EventsUpTo(instanceId, entries, sequence, record.State.Sequence);
        return (events, record.Binding);
    }
}
