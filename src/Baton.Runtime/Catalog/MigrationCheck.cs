using Baton.Abstractions;
using Baton.Core.Definitions;
using Baton.Core.Engine;

namespace Baton.Runtime.Catalog;

/// <summary>The check every backend makes before it moves an instance to another version: the engine's rule
/// (<see cref="Migration.Check"/>) and the new version's tasks against the instance's catalog.</summary>
public static class MigrationCheck
{
    /// <summary>The plan the instance would run and every reason it cannot; the plan is null when the definition itself does not fit.</summary>
    /// <param name="plans">The backend's plans; definitions and catalogs are read from its store by hash.</param>
    /// <param name="startHash">The hash of the definition the instance started with (it runs <see cref="InstanceState.Definition"/> when set).</param>
    /// <param name="catalogHash">The catalog the instance started with; null for none.</param>
    /// <param name="target">The definition it would run.</param>
    /// <param name="state">The instance's state now.</param>
    /// <param name="functions">The in-process functions a task may name without a binding.</param>
    /// <param name="ct">Cancels the reads.</param>
    public static async Task<(WorkflowPlan? Plan, IReadOnlyList<string> Problems)> CheckAsync(PlanCache plans, string startHash, string? catalogHash,
        StoredDefinition target, InstanceState state, IEnumerable<string> functions, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(plans);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(state);
        var current = state.Definition ?? startHash;
        if (target.Hash == current)
        {
            return (null, [$"The instance already runs that definition (version {state.WorkflowVersion})."]);
        }
        var catalog = catalogHash is null ? null : await plans.StoredAsync(catalogHash, ct).ConfigureAwait(false);
        try
        {
            plans.CheckStart(new StartRequest(target, catalog, state.Input), functions);
        }
        catch (DefinitionException ex)
        {
            return (null, [.. ex.Diagnostics.Select(d => d.ToString())]);
        }
        catch (InvalidInputException)
        {
            // Said by the engine's rule below, with the version.
        }
        var from = await plans.PlanAsync(current, catalogHash, ct).ConfigureAwait(false);
        var to = await plans.PlanAsync(target.Hash, catalogHash, ct).ConfigureAwait(false);
        return (to, Migration.Check(from, to, state));
    }
}
