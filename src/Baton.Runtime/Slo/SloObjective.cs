namespace Baton.Runtime.Slo;

/// <summary>An objective of an SLO: the SLI it judges, its pass and warning criteria sets, weight and key flag.</summary>
/// <remarks>Criteria sets are OR-ed; the criteria within a set are AND-ed. An objective without pass criteria is
/// informational: reported, never scored.</remarks>
public sealed record SloObjective(string Sli, string DisplayName, IReadOnlyList<IReadOnlyList<SloCriterion>> Pass,
    IReadOnlyList<IReadOnlyList<SloCriterion>> Warning, int Weight, bool KeySli)
{
    /// <summary>Whether the objective is only reported (it has no pass criteria).</summary>
    public bool Informational => Pass.Count == 0;
}
