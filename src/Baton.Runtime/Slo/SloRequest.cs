namespace Baton.Runtime.Slo;

/// <summary>The SLO form of the <c>evaluate</c> task's input, read: the SLO, its text, the SLI values, the earlier
/// evaluations given, and the subject whose recorded results it compares with (null: none).</summary>
public sealed record SloRequest(SloText Slo, IReadOnlyList<SliValue> Indicators, IReadOnlyList<EarlierEvaluation> Previous, string? Subject);
