using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Baton.Core.Engine;
using System.Collections.Immutable;
using Baton.Runtime.Data;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Baton.Abstractions;
using Baton.Runtime.Catalog;

namespace Baton.Durable;

/// <summary>Starts Baton workflows on the Durable Task Framework and talks to their instances.</summary>
/// <remarks>A start is checked exactly as on the embedded hub (definition, task bindings, input schema) before
/// anything is stored; with <see cref="InstanceClaims"/>, of concurrent starts with one id exactly one wins. Then the definition and catalog texts are saved by hash for the activities, and the generic
/// orchestrator is scheduled with the definition pinned in its input. Reports from event services become external
/// events named per attempt (<see cref="DurableNames.TaskReport"/>). With a <see cref="BlobClaimCheck"/>, large values
/// going in (the workflow input, event data, service reports) are kept in Blob storage and only references enter
/// history; reads put them back, and <see cref="PurgeAsync"/> removes them with the instance.</remarks>
public sealed class DurableWorkflowClient(DurableTaskClient client, IRegistryStore definitions, PlanCache plans, IEnumerable<string> functionNames,
    IdSource ids, BlobClaimCheck? data = null, ReplyTokens? replyTokens = null, InstanceClaims? claims = null)
{
    /// <summary>Where large values are kept; null when values always travel inline.</summary>
    public BlobClaimCheck? Data => data;

    /// <summary>The Durable Task client underneath, for what Baton does not wrap.</summary>
    public DurableTaskClient Client => client;

    /// <summary>The compiled plans of the hub's definitions, by hash.</summary>
    public PlanCache Plans => plans;

    /// <summary>Starts an instance and returns its id once it is scheduled.</summary>
    /// <exception cref="InstanceExistsException">The chosen id is taken by an instance that exists.</exception>
    /// <exception cref="InvalidInstanceIdException">The chosen id is outside the id alphabet; nothing is stored.</exception>
    /// <exception cref="Core.Definitions.DefinitionException">The definition is invalid or names a task nothing binds.</exception>
    /// <exception cref="InvalidInputException">The input fails the input schema; nothing is stored.</exception>
    public async Task<string> StartAsync(StartRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        InvalidInstanceIdException.ThrowIfInvalid(request.InstanceId);
        plans.CheckStart(request, functionNames);
        var id = request.InstanceId ?? ids.NewId();
        if (request.InstanceId is not null || !ids.NeverRepeats)
        {
            // A random id made here is free by construction (122 random bits): only a chosen or predictable one is checked and claimed.
            await ClaimAsync(id, cancellationToken).ConfigureAwait(false);
        }
        if (request.Catalog is { } catalog)
        {
            await definitions.SaveDefinitionAsync(catalog, cancellationToken).ConfigureAwait(false);
        }
        await definitions.SaveDefinitionAsync(request.Definition, cancellationToken).ConfigureAwait(false);
        var input = new WorkflowInput(request.Definition.Hash, request.Definition.FileName, request.Definition.Content, request.Catalog?.Hash,
            await OffloadAsync(id, request.Input?.DeepClone(), cancellationToken).ConfigureAwait(false), Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)), request.Env,
            request.TraceParent ?? Runtime.Telemetry.CurrentTraceParent() ?? Runtime.Telemetry.NewTraceParent())
        {
            TaskRetries = request.Catalog is { } pinned && plans.Catalog(pinned).Retries() is { Count: > 0 } retries ? retries.ToImmutableSortedDictionary(StringComparer.Ordinal) : null,
        };
        return await client.ScheduleNewOrchestrationInstanceAsync(DurableNames.Orchestrator, input, new StartOrchestrationOptions(id), cancellationToken)
            .ConfigureAwait(false);
    }

    /// <summary>Starts a fork of an instance: a new orchestration that starts from the state after the original's events up to the
    /// point, applied to the fork's input (see <see cref="HistoryReplay.Fork"/>), with the work still open there started anew.</summary>
    /// <param name="request">The fork asked for.</param>
    /// <param name="original">The original's latest execution's input: the pinned definition and catalog, the seed.</param>
    /// <param name="events">The original's events from its start up to the point.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The fork's id.</returns>
    /// <exception cref="InstanceExistsException">The chosen id is taken.</exception>
    /// <exception cref="InvalidInputException">The new input fails the input schema; nothing is stored.</exception>
    public async Task<string> ForkAsync(ForkRequest request, WorkflowInput original, IReadOnlyList<Core.Engine.Events.WorkflowEvent> events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(original);
        ArgumentNullException.ThrowIfNull(events);
        var id = request.NewInstanceId ?? ids.NewId();
        // The fork runs the definition the original ran at the point: the one it was last migrated to by then, else its own.
        var migrated = HistoryReplay.DefinitionAfter(events) is { } hash
            ? await definitions.GetDefinitionAsync(hash, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"The definition {hash} instance '{request.InstanceId}' was migrated to is missing from the store.")
            : null;
        var definition = migrated ?? Pinned(original);
        var input = ((Core.Engine.Events.InstanceStarted)events[0]).Input;
        if (request.ReplaceInput)
        {
            var catalog = original.CatalogHash is { } c ? await definitions.GetDefinitionAsync(c, cancellationToken).ConfigureAwait(false) : null;
            plans.CheckStart(new StartRequest(definition, catalog, request.Input, id), functionNames);
        }
        await ClaimAsync(id, cancellationToken).ConfigureAwait(false);
        if (request.ReplaceInput)
        {
            input = await OffloadAsync(id, request.Input?.DeepClone(), cancellationToken).ConfigureAwait(false);
        }
        var replay = await DurableMigrations.PlansAsync(plans, original, events, cancellationToken).ConfigureAwait(false);
        var run = HistoryReplay.Fork(replay, events, id, input, Runtime.Telemetry.CurrentTraceParent() ?? Runtime.Telemetry.NewTraceParent());
        var carried = new CarriedState(System.Text.Json.JsonSerializer.Serialize(run.State, EngineJson.Options),
            run.OpenTimers.ToImmutableSortedDictionary(t => t.Key.ToString(), t => t.Value, StringComparer.Ordinal), 0)
        {
            History = run.History,
            Dispatch = run.OpenTasks,
            Migrated = migrated,
        };
        var forkInput = original with { Input = input, TraceParent = run.State.TraceParent, Carried = carried, RewindReason = null };
        return await client.ScheduleNewOrchestrationInstanceAsync(DurableNames.Orchestrator, forkInput, new StartOrchestrationOptions(id), cancellationToken)
            .ConfigureAwait(false);
    }

    /// <summary>The definition an orchestration's input pins, as stored.</summary>
    public static StoredDefinition Pinned(WorkflowInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return new StoredDefinition(input.DefinitionHash, "workflow", "", "", input.DefinitionFile, input.Definition);
    }

    /// <summary>Passes a service's report on an attempt, which the caller has authenticated, to the instance waiting for it;
    /// false, with nothing raised, for a late report (the instance has finished, or shows that attempt ended) or a repeated
    /// <c>.finished</c>.</summary>
    /// <remarks>The report carries the proof only the hub's secret makes (<see cref="ReplyTokens.ReportProof"/>): the orchestrator
    /// ignores one without it, and one for an attempt it no longer waits for, as the engine does. Whether the attempt still
    /// runs is read from the orchestrator's custom status, which may lag a moment; a repeated <c>.finished</c> is caught by
    /// its claim (<see cref="InstanceClaims.TryClaimReportAsync"/>).</remarks>
    /// <exception cref="InvalidOperationException">The client was made without the hub's reply tokens.</exception>
    public async Task<bool> ReportAsync(string instanceId, TaskReport report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        var tokens = replyTokens ?? throw new InvalidOperationException("This client was made without the hub's reply tokens, so it cannot pass reports on.");
        if (await client.GetInstanceAsync(instanceId, getInputsAndOutputs: false, cancellationToken).ConfigureAwait(false) is not { } metadata
            || DurableInstance.From(metadata) is var instance && (instance.Status.IsFinal()
                || instance.Steps.TryGetValue(report.StepId, out var step) && step.Attempt > 0
                    && (step.Attempt != report.Attempt || step.Status is not ("running" or "waiting"))))
        {
            return false;
        }
        if (report.Result is not null && claims is not null && !await claims.TryClaimReportAsync(instanceId, report.StepId, report.Attempt, cancellationToken).ConfigureAwait(false))
        {
            return false;
        }
        var outcome = report.Result is { } result ? TaskOutcome.From(result) : null;
        if (outcome?.Output is { } output)
        {
            outcome = outcome with { Output = await OffloadAsync(instanceId, output, cancellationToken).ConfigureAwait(false) };
        }
        var message = new TaskReportMessage(report.Phase, report.Data?.DeepClone(), outcome, tokens.ReportProof(instanceId, report.StepId, report.Attempt));
        await client.RaiseEventAsync(instanceId, DurableNames.TaskReport(report.StepId, report.Attempt), message, cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>Raises a named external event on an instance (what an <c>event</c> step waits for).</summary>
    public async Task RaiseEventAsync(string instanceId, string name, JsonNode? data, CancellationToken cancellationToken) =>
        await client.RaiseEventAsync(instanceId, name, await OffloadAsync(instanceId, data?.DeepClone(), cancellationToken).ConfigureAwait(false), cancellationToken)
            .ConfigureAwait(false);

    /// <summary>Reads an instance's status, output, error and step progress; null when there is no such instance.</summary>
    /// <remarks>Claim-checked parts of the output are read back from Blob storage.</remarks>
    public async Task<DurableInstance?> GetAsync(string instanceId, CancellationToken cancellationToken) =>
        await client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, cancellationToken).ConfigureAwait(false) is { } metadata
            ? await ResolveAsync(DurableInstance.From(metadata), cancellationToken).ConfigureAwait(false)
            : null;

    /// <summary>Waits until an instance has finished (completed, failed or terminated) and reads it.</summary>
    public async Task<DurableInstance> WaitForCompletionAsync(string instanceId, CancellationToken cancellationToken) =>
        await ResolveAsync(DurableInstance.From(await client.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: true, cancellationToken).ConfigureAwait(false)),
            cancellationToken).ConfigureAwait(false);

    /// <summary>Removes a finished instance's history and the values it kept in Blob storage; false when there was no such instance.</summary>
    public async Task<bool> PurgeAsync(string instanceId, CancellationToken cancellationToken)
    {
        var purged = await client.PurgeInstanceAsync(instanceId, cancellation: cancellationToken).ConfigureAwait(false);
        if (data is not null)
        {
            await data.PurgeAsync(instanceId, cancellationToken).ConfigureAwait(false);
        }
        return purged.PurgedInstanceCount > 0;
    }

    /// <summary>Rewinds a failed instance: its failed and cancelled steps run again, its succeeded ones keep their outputs.</summary>
    /// <remarks>When a workflow fails, the orchestrator keeps its engine state in Blob storage (<see cref="DurableNames.KeepState"/>);
    /// a rewind starts a new generation of the same instance id from that state, with the same pinned definition, seed
    /// and input, and applies the engine's rewind first. The failed generation's history is replaced.</remarks>
    /// <returns>False when there is no such instance or it has not failed.</returns>
    /// <exception cref="RewindUnavailableException">The instance failed without a kept state (no data store, or it failed before its workflow ran).</exception>
    public async Task<bool> RewindAsync(string instanceId, string reason, CancellationToken cancellationToken)
    {
        var metadata = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, cancellationToken).ConfigureAwait(false);
        if (metadata is not { RuntimeStatus: OrchestrationRuntimeStatus.Failed })
        {
            return false;
        }
        var kept = data is null ? null : await data.ReadStateAsync(instanceId, cancellationToken).ConfigureAwait(false);
        var input = metadata.ReadInputAs<WorkflowInput>();
        if (kept is null || input is null)
        {
            throw new RewindUnavailableException(instanceId);
        }
        var carried = System.Text.Json.JsonSerializer.Deserialize<CarriedState>(kept) ?? throw new RewindUnavailableException(instanceId);
        await client.ScheduleNewOrchestrationInstanceAsync(DurableNames.Orchestrator, input with { Carried = carried, RewindReason = reason },
            new StartOrchestrationOptions(instanceId), cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>Takes an id for a new instance: refused when an instance has it, or another start claimed it first.</summary>
    private async Task ClaimAsync(string id, CancellationToken ct)
    {
        if (await ExistsAsync(id, ct).ConfigureAwait(false)
            || claims is not null && !await claims.TryClaimStartAsync(id, () => ExistsAsync(id, ct), ct).ConfigureAwait(false))
        {
            throw new InstanceExistsException(id);
        }
    }

    private async Task<bool> ExistsAsync(string instanceId, CancellationToken cancellationToken) =>
        await client.GetInstanceAsync(instanceId, getInputsAndOutputs: false, cancellationToken).ConfigureAwait(false) is not null;

    private Task<JsonNode?> OffloadAsync(string instanceId, JsonNode? value, CancellationToken cancellationToken) =>
        BlobClaimCheck.KeepAsync(data, instanceId, value, cancellationToken);

    private async Task<DurableInstance> ResolveAsync(DurableInstance instance, CancellationToken cancellationToken) =>
        instance with { Output = await BlobClaimCheck.ReadBackAsync(data, instance.InstanceId, instance.Output, cancellationToken, lenient: true).ConfigureAwait(false) };
}
