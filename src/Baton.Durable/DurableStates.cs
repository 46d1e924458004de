using System.Collections.Immutable;
using Baton.Core.Engine;
using Microsoft.DurableTask.Client;
using Baton.Runtime.Catalog;

namespace Baton.Durable;

/// <summary>Baton's view of a Durable instance: the engine state its timeline rebuilds (<see cref="DurableTimeline"/>), with the
/// framework's own status; or, for listings and instances with no history yet, what the metadata and custom status say.</summary>
/// <remarks><see cref="InstanceState.Sequence"/> is the engine's (the custom status carries it), so it is the same number
/// the instance's history gives its last event.</remarks>
internal static class DurableStates
{
    /// <summary>The state of an instance with its timeline: the engine's, with the status, error and update time the framework reports.</summary>
    public static InstanceState From(OrchestrationMetadata metadata, PlanCache plans, DurableTimeline? timeline)
    {
        if (timeline is null)
        {
            return From(metadata, plans);
        }
        var instance = DurableInstance.From(metadata);
        var state = timeline.State;
        // The framework's status wins where it knows more: a failure outside the engine, a suspension, an ended instance.
        var error = state.Error ?? (instance.Status is InstanceStatus.Failed or InstanceStatus.Terminated ? instance.Error : null);
        return state with
        {
            Status = instance.Status,
            Error = error,
            UpdatedAt = instance.UpdatedAt,
            CompletedAt = instance.Status.IsFinal() ? state.CompletedAt ?? instance.UpdatedAt : null,
        };
    }

    public static InstanceState From(OrchestrationMetadata metadata, PlanCache plans)
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
        var meta = input is null ? null : plans.Plan(DurableWorkflowClient.Pinned(input)).Definition.Metadata;
        // After a restart the custom status holds the current run's input (the orchestration's is the first run's until it
        // continues as new); one too large for it is not known here.
        var runInput = instance.Progress switch
        {
            { } p when p.ContainsKey("input") => p["input"],
            { } p when p["inputOmitted"] is not null => null,
            _ => input?.Input,
        };
        var steps = instance.Steps.ToImmutableDictionary(s => s.Key,
            s => new StepState(s.Key, Enum.GetValues<StepStatus>().FirstOrDefault(v => v.ToWireName() == s.Value.Status, StepStatus.Pending), s.Value.Attempt),
            StringComparer.Ordinal);
        return new InstanceState(instance.InstanceId, instance.Progress?["workflow"]?.GetValue<string>() ?? meta?.Name ?? metadata.Name,
            instance.Progress?["version"]?.GetValue<string>() ?? meta?.Version ?? "", instance.Status, runInput?.DeepClone(), [],
            input?.Env ?? ImmutableSortedDictionary<string, string>.Empty, "", steps, instance.Output, instance.Error,
            instance.CreatedAt, instance.UpdatedAt, instance.Status.IsFinal() ? instance.UpdatedAt : null,
            instance.Progress?["sequence"] is System.Text.Json.Nodes.JsonValue q && q.TryGetValue<long>(out var sequence) ? sequence : 0,
            steps.Values.Count(s => !s.Status.IsTerminal()))
        {
            Generation = instance.Progress?["generation"] is System.Text.Json.Nodes.JsonValue g && g.TryGetValue<int>(out var generation) ? generation : 0,
            AttemptBase = instance.Progress?["attemptBase"] is System.Text.Json.Nodes.JsonValue b && b.TryGetValue<int>(out var attemptBase) ? attemptBase : 0,
        };
    }

    public static OrchestrationRuntimeStatus ToRuntimeStatus(InstanceStatus status) => status switch
    {
        InstanceStatus.Completed => OrchestrationRuntimeStatus.Completed,
        InstanceStatus.Failed => OrchestrationRuntimeStatus.Failed,
        InstanceStatus.Terminated => OrchestrationRuntimeStatus.Terminated,
        InstanceStatus.Suspended => OrchestrationRuntimeStatus.Suspended,
        InstanceStatus.Pending => OrchestrationRuntimeStatus.Pending,
        _ => OrchestrationRuntimeStatus.Running,
    };
}
