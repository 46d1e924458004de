namespace Baton.Runtime.Slo;

/// <summary>How earlier results are chosen and combined for relative criteria.</summary>
/// <param name="Count">How many earlier results to use: 1 for <c>single_result</c>, else <c>number_of_comparison_results</c>.</param>
/// <param name="Include">Which earlier results count: <c>all</c>, <c>pass</c> or <c>pass_or_warn</c>.</param>
/// <param name="Aggregate">How they combine: <c>avg</c> or a percentile <c>pNN</c>.</param>
public sealed record SloComparison(int Count, string Include, string Aggregate);
