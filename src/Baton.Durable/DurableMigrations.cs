using Baton.Abstractions;
using Baton.Core.Engine;
using Baton.Core.Engine.Events;
using Baton.Runtime.Catalog;
using Microsoft.DurableTask.Client;

namespace Baton.Durable;

/// <summary>Migration on the Durable backend: checked against the instance's rebuilt state, then handed to the orchestrator as an
/// internal event (<see cref="DurableNames.Migrate"/>) that carries the new definition, which the orchestrator checks again and
/// applies where it runs; the answer waits (a while) for the outcome it shows in its custom status.</summary>
internal sealed class DurableMigrations(DurableTaskClient client, DurableHub hub)
{
    /// <summary>How long a request waits for the orchestrator to take it up before it answers <see cref="MigrationOutcome.Requested"/>.</summary>
    public static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(30);

    /// <summary>Moves an instance to another version when it fits; null when there is no such instance.</summary>
    public async Task<MigrationResult?> MigrateAsync(MigrationRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (await client.GetInstanceAsync(request.InstanceId, getInputsAndOutputs: true, ct).ConfigureAwait(false) is not { } metadata)
        {
            return null;
        }
        var timeline = await hub.Timelines.ReadAsync(client, metadata, ct).ConfigureAwait(false);
        var state = DurableStates.From(metadata, hub.Plans, timeline);
        var version = request.Target.Version;
        if (timeline is null)
        {
            return new MigrationResult(MigrationOutcome.Refused, state.WorkflowVersion, version,
                [$"The instance is {state.Status.ToString().ToLowerInvariant()}: only a running instance migrates."]);
        }
        var input = timeline.Input;
        var (_, problems) = await MigrationCheck.CheckAsync(hub.Plans, input.DefinitionHash, input.CatalogHash, request.Target, state, hub.FunctionNames, ct)
            .ConfigureAwait(false);
        if (problems.Count > 0 || request.DryRun)
        {
            return new MigrationResult(problems.Count > 0 ? MigrationOutcome.Refused : MigrationOutcome.Compatible, state.WorkflowVersion, version, problems);
        }
        await hub.Store.SaveDefinitionAsync(request.Target, ct).ConfigureAwait(false);
        var id = hub.Ids.NewId();
        await client.RaiseEventAsync(request.InstanceId, DurableNames.Migrate,
            new MigrateMessage(id, request.Target, state.WorkflowVersion, state.Definition ?? input.DefinitionHash, request.Reason), ct).ConfigureAwait(false);
        return await OutcomeAsync(request.InstanceId, id, state.WorkflowVersion, version, ct).ConfigureAwait(false);
    }

    /// <summary>The plans a replay of an instance's events applies them with: its input's, and those of its migrations (read from
    /// the store by hash), each with the retry defaults of its catalog.</summary>
    public static async Task<ReplayPlans> PlansAsync(PlanCache plans, WorkflowInput input, IEnumerable<WorkflowEvent> events, CancellationToken ct) =>
        await ReplayPlans.LoadAsync(input.Plan(plans), events, async hash =>
        {
            var plan = await plans.PlanAsync(hash, ct).ConfigureAwait(false);
            return input.TaskRetries is { Count: > 0 } retries ? plan.WithTaskRetries(retries) : plan;
        }).ConfigureAwait(false);

    // Reads the custom status until the orchestrator shows the request's outcome, the instance ends, or MaxWait passes.
    private async Task<MigrationResult> OutcomeAsync(string instanceId, string request, string from, string to, CancellationToken ct)
    {
        var deadline = hub.Time.GetUtcNow() + MaxWait;
        var pause = TimeSpan.FromMilliseconds(20);
        while (hub.Time.GetUtcNow() < deadline)
        {
            await Task.Delay(pause, hub.Time, ct).ConfigureAwait(false);
            pause = TimeSpan.FromMilliseconds(Math.Min(pause.TotalMilliseconds * 2, 500));
            if (await client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, ct).ConfigureAwait(false) is not { } metadata)
            {
                break;
            }
            var instance = DurableInstance.From(metadata);
            if (instance.Progress?["migration"] is { } shown && shown["request"]?.GetValue<string>() == request)
            {
                return shown["outcome"]?.GetValue<string>() == "migrated"
                    ? new MigrationResult(MigrationOutcome.Migrated, from, to, [])
                    : new MigrationResult(MigrationOutcome.Refused, from, to, [.. (shown["problems"]?.AsArray() ?? []).Select(p => p?.GetValue<string>() ?? "")]);
            }
            if (instance.Status.IsFinal())
            {
                return new MigrationResult(MigrationOutcome.Refused, from, to, [$"The instance ended ({instance.Status.ToString().ToLowerInvariant()}) before it took the request."]);
            }
        }
        return new MigrationResult(MigrationOutcome.Requested, from, to, []);
    }
}
