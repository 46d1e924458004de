using Baton.Core.Engine;
using Baton.Core.Engine.Events;

namespace Baton.Abstractions;

/// <summary>The plans a replay of an instance's history applies its events with: the one it started with, and those its
/// migrations (<see cref="InstanceMigrated"/>) moved it to, by definition hash.</summary>
/// <param name="Start">The plan of the definition the instance started with.</param>
/// <param name="Migrated">The plans of the definitions its migrations moved it to, by content hash.</param>
public sealed record ReplayPlans(WorkflowPlan Start, IReadOnlyDictionary<string, WorkflowPlan> Migrated)
{
    /// <summary>Loads (with <paramref name="load"/>, by content hash) the plans of every migration among <paramref name="events"/>.</summary>
    public static async Task<ReplayPlans> LoadAsync(WorkflowPlan start, IEnumerable<WorkflowEvent> events, Func<string, Task<WorkflowPlan>> load)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(load);
        var migrated = new Dictionary<string, WorkflowPlan>(StringComparer.Ordinal);
        foreach (var hash in events.OfType<InstanceMigrated>().Select(m => m.ToDefinition).Distinct(StringComparer.Ordinal))
        {
            migrated[hash] = await load(hash).ConfigureAwait(false);
        }
        return new ReplayPlans(start, migrated);
    }

    /// <summary>The plan that applies <paramref name="e"/>, given the plan in force before it: a migration's target for a
    /// migration, else the same.</summary>
    /// <exception cref="InvalidOperationException">A migration's target was not loaded.</exception>
    public WorkflowPlan For(WorkflowPlan current, WorkflowEvent e) =>
        e is not InstanceMigrated m ? current
            : Migrated.TryGetValue(m.ToDefinition, out var plan) ? plan
            : throw new InvalidOperationException($"The definition {m.ToDefinition} an instance was migrated to is not loaded for its replay.");
}
