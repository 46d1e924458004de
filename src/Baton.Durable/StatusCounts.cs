using System.Text.Json.Nodes;
using Baton.Core.Engine;
using Baton.Core.Engine.Commands;

namespace Baton.Durable;

/// <summary>The custom status's counts, kept up to date event by event: how many steps are final, and which declared
/// steps are active, so no event costs a pass over every step.</summary>
/// <remarks>A Durable episode replays every earlier event, so a per-event pass over a fan-out of n steps would make an
/// episode cost O(n²). Kept from the changed steps of each accepted event; counted afresh when the instance starts over.</remarks>
internal sealed class StatusCounts
{
    private readonly WorkflowPlan _plan;
    private readonly Dictionary<string, int> _declared;
    private readonly SortedSet<int> _active = [];

    public StatusCounts(WorkflowPlan plan, InstanceState state)
    {
        _plan = plan;
        _declared = plan.Definition.Steps.Select((s, i) => (s.Id, i)).ToDictionary(p => p.Id, p => p.i, StringComparer.Ordinal);
        Recount(state);
    }

    /// <summary>How many steps are in a final status.</summary>
    public int Completed { get; private set; }

    /// <summary>Up to 20 active declared steps, in definition order.</summary>
    public JsonArray Active() => new([.. _active.Take(20).Select(i => (JsonNode)_plan.Definition.Steps[i].Id)]);

    /// <summary>Takes an accepted event's result into the counts, given the state before it.</summary>
    public void Apply(InstanceState before, EngineResult result)
    {
        if (result.Commands.Any(c => c is InstanceContinued))
        {
            Recount(result.State);
            return;
        }
        foreach (var id in result.ChangedSteps)
        {
            var was = before.Steps.GetValueOrDefault(id);
            var now = result.State.Steps.GetValueOrDefault(id);
            Completed += (now?.Status.IsTerminal() == true ? 1 : 0) - (was?.Status.IsTerminal() == true ? 1 : 0);
            if (_declared.TryGetValue(id, out var index))
            {
                if (now is not null && OrchestrationStatus.IsActive(now.Status))
                {
                    _active.Add(index);
                }
                else
                {
                    _active.Remove(index);
                }
            }
        }
    }

    private void Recount(InstanceState state)
    {
        Completed = state.Steps.Values.Count(s => s.Status.IsTerminal());
        _active.Clear();
        foreach (var (id, index) in _declared)
        {
            if (state.Steps.GetValueOrDefault(id) is { } step && OrchestrationStatus.IsActive(step.Status))
            {
                _active.Add(index);
            }
        }
    }
}
