using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Baton.Runtime.Hub;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace Baton.Durable;

/// <summary>Starts Baton workflows on the Durable Task Framework and talks to their instances.</summary>
/// <remarks>A start is checked exactly as on the embedded hub (definition, task bindings, input schema) before
/// anything is stored, then the definition and catalog texts are saved by hash for the activities, and the generic
/// orchestrator is scheduled with the definition pinned in its input. Reports from event services become external
/// events named per attempt (<see cref="DurableNames.TaskReport"/>).</remarks>
public sealed class DurableWorkflowClient(DurableTaskClient client, IDefinitionStore definitions, PlanCache plans, IEnumerable<string> functionNames)
{
    /// <summary>The Durable Task client underneath, for what Baton does not wrap.</summary>
    public DurableTaskClient Client => client;

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
        var id = request.InstanceId ?? Guid.NewGuid().ToString("N");
        if (await client.GetInstanceAsync(id, getInputsAndOutputs: false, cancellationToken).ConfigureAwait(false) is not null)
        {
            throw new InstanceExistsException(id);
        }
        if (request.Catalog is { } catalog)
        {
            await definitions.SaveAsync(catalog, cancellationToken).ConfigureAwait(false);
        }
        await definitions.SaveAsync(request.Definition, cancellationToken).ConfigureAwait(false);
        var input = new WorkflowInput(request.Definition.Hash, request.Definition.FileName, request.Definition.Content, request.Catalog?.Hash,
            request.Input?.DeepClone(), Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)), request.Env,
            request.TraceParent ?? Runtime.Telemetry.CurrentTraceParent() ?? Runtime.Telemetry.NewTraceParent());
        return await client.ScheduleNewOrchestrationInstanceAsync(DurableNames.Orchestrator, input, new StartOrchestrationOptions(id), cancellationToken)
            .ConfigureAwait(false);
    }

    /// <summary>Passes a service's report on an attempt to the instance waiting for it.</summary>
    /// <remarks>The orchestrator ignores a report for an attempt it no longer waits for, as the engine does.</remarks>
    public Task ReportAsync(string instanceId, TaskReport report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        var message = new TaskReportMessage(report.Phase, report.Data?.DeepClone(), report.Result is { } result ? TaskOutcome.From(result) : null);
        return client.RaiseEventAsync(instanceId, DurableNames.TaskReport(report.StepId, report.Attempt), message, cancellationToken);
    }

    /// <summary>Raises a named external event on an instance (what an <c>event</c> step waits for).</summary>
    public Task RaiseEventAsync(string instanceId, string name, JsonNode? data, CancellationToken cancellationToken) =>
        client.RaiseEventAsync(instanceId, name, data?.DeepClone(), cancellationToken);

    /// <summary>Reads an instance's status, output, error and step progress; null when there is no such instance.</summary>
    public async Task<DurableInstance?> GetAsync(string instanceId, CancellationToken cancellationToken) =>
        await client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, cancellationToken).ConfigureAwait(false) is { } metadata
            ? DurableInstance.From(metadata)
            : null;

    /// <summary>Waits until an instance has finished (completed, failed or terminated) and reads it.</summary>
    public async Task<DurableInstance> WaitForCompletionAsync(string instanceId, CancellationToken cancellationToken) =>
        DurableInstance.From(await client.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: true, cancellationToken).ConfigureAwait(false));
}
